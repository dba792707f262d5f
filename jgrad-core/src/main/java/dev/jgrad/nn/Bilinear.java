package dev.jgrad.nn;

import dev.jgrad.nn.functional.Affine;
import dev.jgrad.nn.init.Init;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * y_k = x1ᵀ W_k x2 + b_k, like {@code nn.Bilinear}; weight (out, in1, in2) and bias start as
 * U(−1/√in1, 1/√in1). It takes two inputs: use {@link #forward(Tensor, Tensor)}.
 *
 * <pre>{@code
 * Tensor y = new Bilinear(5, 3, 4).forward(x1, x2);   // (N, 5), (N, 3) -> (N, 4)
 * }</pre>
 */
public class Bilinear extends Module {
    public final int in1Features, in2Features, outFeatures;
    public final Parameter weight;   // (out, in1, in2)
    public final Parameter bias;     // (out) or null

    public Bilinear(int in1Features, int in2Features, int outFeatures) {
        this(in1Features, in2Features, outFeatures, true, Generator.global());
    }

    public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias, Generator gen) {
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        double bound = 1 / Math.sqrt(in1Features);
        weight = new Parameter(Init.uniform_(Tensors.zeros(outFeatures, in1Features, in2Features), -bound, bound, gen));
        this.bias = bias ? new Parameter(Init.uniform_(Tensors.zeros(outFeatures), -bound, bound, gen)) : null;
    }

    public Tensor forward(Tensor x1, Tensor x2) {
        return Affine.bilinear(x1, x2, weight.data(), bias == null ? null : bias.data());
    }

    /** Bilinear needs two inputs. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Bilinear takes two inputs: use forward(x1, x2)");
    }

    @Override
    public String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + LayerChecks.bool(bias != null);
    }
}
