package dev.jgrad.nn.functional;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Inverted dropout: in training, zero each element (or channel) with probability p and scale the
 * survivors by 1/(1 − p) so the expectation is unchanged; identity in evaluation.
 *
 * <pre>{@code
 * Tensor y = Dropouts.dropout(x, 0.5, model.isTraining(), gen);
 * }</pre>
 */
public final class Dropouts {
    private Dropouts() {}

    /** Elementwise dropout. */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        checkP("dropout", p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        return x.mul(keepMask(x.shape(), p, x, gen).mul(1 / (1 - p)));
    }

    /** Drops whole channels: x is (N, C, H, W) or (C, H, W); one draw per (n, c). */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator gen) {
        checkP("dropout2d", p);
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: expected input (N, C, H, W) or (C, H, W), got " + Shape.str(x.shape()));
        }
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        int[] maskShape = x.shape();
        for (int d = x.dim() - 2; d < x.dim(); d++) maskShape[d] = 1;
        return x.mul(keepMask(maskShape, p, x, gen).mul(1 / (1 - p)));
    }

    /**
     * Alpha dropout for SELU networks: dropped units take SELU's negative saturation value
     * α' = −scale·α, then an affine map a·x + b restores zero mean and unit variance.
     */
    public static Tensor alphaDropout(Tensor x, double p, boolean training, Generator gen) {
        checkP("alpha_dropout", p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        double alphaPrime = -Activations.SELU_SCALE * Activations.SELU_ALPHA;
        double a = 1 / Math.sqrt((1 - p) * (1 + p * alphaPrime * alphaPrime));
        double b = -a * alphaPrime * p;
        Tensor keep = keepMask(x.shape(), p, x, gen);
        return x.mul(keep).add(keep.rsub(1.0).mul(alphaPrime)).mul(a).add(b);
    }

    private static Tensor keepMask(int[] shape, double p, Tensor like, Generator gen) {
        return Tensors.rand(shape, gen).ge(p).to(like.dtype());
    }

    private static void checkP(String op, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(op + ": probability has to be between 0 and 1, but got " + p);
    }
}
