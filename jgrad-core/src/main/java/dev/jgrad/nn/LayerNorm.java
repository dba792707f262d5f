package dev.jgrad.nn;

import dev.jgrad.nn.functional.Normalization;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

/**
 * Normalises over the trailing {@code normalizedShape} dims of each sample (biased variance,
 * eps 1e-5), then applies an elementwise affine map (weight 1, bias 0), like {@code nn.LayerNorm}.
 *
 * <pre>{@code
 * new LayerNorm(64).call(h);   // h: [8, 20, 64]
 * }</pre>
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    public final double eps;
    public final Parameter weight;   // normalizedShape or null
    public final Parameter bias;     // normalizedShape or null

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        weight = elementwiseAffine ? new Parameter(Tensors.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine && bias ? new Parameter(Tensors.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        int k = normalizedShape.length;
        int[] shape = x.shape();
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm(" + Arrays.toString(normalizedShape) + "): expected input (*, "
                    + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "") + "), got " + Shape.str(shape));
        }
        return Normalization.layerNorm(x, normalizedShape, weight == null ? null : weight.data(), bias == null ? null : bias.data(), eps);
    }

    @Override
    public String extraRepr() {
        return LayerChecks.tuple(normalizedShape) + ", eps=" + LayerChecks.py(eps) + ", elementwise_affine=" + LayerChecks.bool(weight != null);
    }
}
