package dev.jgrad.nn;

import dev.jgrad.nn.functional.Normalization;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Normalises each of {@code numGroups} channel groups per sample, then a per-channel affine map,
 * like {@code nn.GroupNorm}.
 *
 * <pre>{@code
 * new GroupNorm(4, 32).call(x);   // x: [8, 32, 14, 14]
 * }</pre>
 */
public class GroupNorm extends Module {
    public final int numGroups, numChannels;
    public final double eps;
    public final Parameter weight;   // (C) or null
    public final Parameter bias;     // (C) or null

    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true);
    }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups <= 0 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels " + numChannels + " must be divisible by num_groups " + numGroups);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        weight = affine ? new Parameter(Tensors.ones(numChannels)) : null;
        bias = affine ? new Parameter(Tensors.zeros(numChannels)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 2 || x.size(1) != numChannels) {
            throw new IllegalArgumentException("GroupNorm(" + numGroups + ", " + numChannels + "): expected input (N, " + numChannels
                    + ", *), got " + Shape.str(x.shape()));
        }
        return Normalization.groupNorm(x, numGroups, weight == null ? null : weight.data(), bias == null ? null : bias.data(), eps);
    }

    @Override
    public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + LayerChecks.py(eps) + ", affine=" + LayerChecks.bool(weight != null);
    }
}
