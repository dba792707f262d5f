package dev.jgrad.nn;

import dev.jgrad.nn.functional.Affine;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * y = x Wᵀ + b over the last dim, like {@code nn.Linear}. Weight (out, in) and bias (out) start
 * as U(−1/√in, 1/√in) (PyTorch's kaiming_uniform with a = √5).
 *
 * <pre>{@code
 * var fc = new Linear(784, 128);
 * Tensor y = fc.call(x);   // [64, 784] -> [64, 128]
 * }</pre>
 */
public class Linear extends Module {
    public final int inFeatures, outFeatures;
    public final Parameter weight;   // (out, in)
    public final Parameter bias;     // (out) or null

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Generator.global());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Generator.global());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Generator gen) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: features must be positive, got in=" + inFeatures + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = DefaultInit.weight(Tensors.zeros(outFeatures, inFeatures), gen);
        this.bias = DefaultInit.bias(bias, weight, outFeatures, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + "->" + outFeatures + "): expected last dim " + inFeatures
                    + ", got " + Shape.str(x.shape()));
        }
        return Affine.linear(x, weight.data(), bias == null ? null : bias.data());
    }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + LayerChecks.bool(bias != null);
    }
}
