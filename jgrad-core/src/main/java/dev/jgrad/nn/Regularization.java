package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Weight penalties to add to a loss, and the max-norm constraint.
 *
 * <pre>{@code
 * Tensor loss = criterion.call(model.call(x), y).add(Regularization.l2(model.parameters()).mul(1e-4));
 * // after optimiser.step():
 * Regularization.maxNorm_(fc.weight.data(), 3.0, 0);
 * }</pre>
 */
public final class Regularization {
    private Regularization() {}

    /** Σ |w| over all parameters. */
    public static Tensor l1(Iterable<Tensor> params) {
        Tensor total = Tensors.scalar(0);
        for (Tensor p : params) total = total.add(p.abs().sum());
        return total;
    }

    /** Σ w² over all parameters (multiply by ½ yourself for the ½‖w‖² convention). */
    public static Tensor l2(Iterable<Tensor> params) {
        Tensor total = Tensors.scalar(0);
        for (Tensor p : params) total = total.add(p.square().sum());
        return total;
    }

    /** alpha · (l1Ratio · ‖w‖₁ + ½ (1 − l1Ratio) · ‖w‖²), scikit-learn's elastic net penalty. */
    public static Tensor elasticNet(Iterable<Tensor> params, double l1Ratio, double alpha) {
        if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new IllegalArgumentException("elasticNet: l1Ratio must be in [0, 1], got " + l1Ratio);
        return l1(params).mul(alpha * l1Ratio).add(l2(params).mul(0.5 * alpha * (1 - l1Ratio)));
    }

    /**
     * Rescales, in place and without recording gradients, every slice {@code weight.select(dim, i)}
     * whose L2 norm exceeds maxNorm down to norm maxNorm (torch.renorm). For a Linear weight
     * (out, in), dim 0 constrains each unit's incoming weights.
     */
    public static Tensor maxNorm_(Tensor weight, double maxNorm, int dim) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("maxNorm_: maxNorm must be positive, got " + maxNorm);
        int d = Shape.wrapDim("maxNorm_", dim, weight.dim());
        int[] others = new int[weight.dim() - 1];
        for (int i = 0, j = 0; i < weight.dim(); i++) if (i != d) others[j++] = i;
        try (var s = Autograd.noGrad()) {
            Tensor norms = others.length == 0 ? weight.abs() : weight.norm(2, others, true);
            Tensor scale = Tensors.where(norms.gt(maxNorm), norms.add(1e-7).reciprocal().mul(maxNorm), Tensors.onesLike(norms));
            weight.mul_(scale);
        }
        return weight;
    }
}
