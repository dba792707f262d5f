package dev.jgrad.nn;

import dev.jgrad.nn.functional.Normalization;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Normalises each channel of each sample over H, W, like {@code nn.InstanceNorm2d} with its
 * defaults (no affine map unless asked; running statistics are not supported).
 *
 * <pre>{@code
 * new InstanceNorm2d(16).call(x);   // x: [8, 16, 28, 28]
 * }</pre>
 */
public class InstanceNorm2d extends Module {
    public final int numFeatures;
    public final double eps;
    public final Parameter weight;   // (C) or null
    public final Parameter bias;     // (C) or null

    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, false);
    }

    public InstanceNorm2d(int numFeatures, double eps, boolean affine) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        weight = affine ? new Parameter(Tensors.ones(numFeatures)) : null;
        bias = affine ? new Parameter(Tensors.zeros(numFeatures)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != numFeatures) {
            throw new IllegalArgumentException("InstanceNorm2d(" + numFeatures + "): expected input (N, " + numFeatures + ", H, W), got "
                    + Shape.str(x.shape()));
        }
        return Normalization.instanceNorm(x, weight == null ? null : weight.data(), bias == null ? null : bias.data(), eps);
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + LayerChecks.py(eps) + ", momentum=0.1, affine=" + LayerChecks.bool(weight != null)
                + ", track_running_stats=False";
    }
}
