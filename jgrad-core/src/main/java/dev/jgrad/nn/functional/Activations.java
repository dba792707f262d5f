package dev.jgrad.nn.functional;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Node;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Activation functions with PyTorch's formulas and defaults. Most are compositions of tensor ops
 * (so every derivative order works); softplus has its own stable rule because its composite
 * forms overflow or lose the derivative at 0.
 *
 * <pre>{@code
 * Tensor y = Activations.gelu(x, "tanh");
 * }</pre>
 */
public final class Activations {
    /** SELU's α and scale, to PyTorch's precision. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private Activations() {}

    /** x for x > 0, slope · x otherwise. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return x.leakyRelu(negativeSlope);
    }

    /**
     * Parametric ReLU: max(0, x) + w · min(0, x) where w has 1 element or one per channel
     * (dim 1 of x, or dim 0 of a 1-d input).
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        if (weight.dim() != 1) throw new IllegalArgumentException("prelu: weight must be 1-d, got " + Shape.str(weight.shape()));
        int n = weight.size(0);
        Tensor w = weight;
        if (n != 1) {
            int channelDim = x.dim() >= 2 ? 1 : 0;
            if (x.dim() == 0 || x.size(channelDim) != n) {
                throw new IllegalArgumentException("prelu: weight has " + n + " elements but the input " + Shape.str(x.shape())
                        + " has " + (x.dim() == 0 ? 0 : x.size(channelDim)) + " channels");
            }
            int[] view = new int[x.dim()];
            java.util.Arrays.fill(view, 1);
            view[channelDim] = n;
            w = weight.reshape(view);
        }
        return Tensors.where(x.gt(0.0), x, x.mul(w));
    }

    /** x for x > 0, α(eᵡ − 1) otherwise. */
    public static Tensor elu(Tensor x, double alpha) {
        // expm1 of min(x, 0) keeps the unused branch finite, so its gradient is never inf · 0.
        return x.relu().add(x.clampMax(0).expm1().mul(alpha));
    }

    /** scale · elu(x, α) with SELU's fixed constants. */
    public static Tensor selu(Tensor x) {
        return elu(x, SELU_ALPHA).mul(SELU_SCALE);
    }

    /** x · Φ(x) ({@code "none"}) or its tanh approximation ({@code "tanh"}). */
    public static Tensor gelu(Tensor x, String approximate) {
        return switch (approximate) {
            case "none" -> x.mul(x.mul(1 / Math.sqrt(2)).erf().add(1.0)).mul(0.5);
            case "tanh" -> {
                Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
                yield x.mul(inner.tanh().add(1.0)).mul(0.5);
            }
            default -> throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        };
    }

    /** x · σ(x) (swish). */
    public static Tensor silu(Tensor x) {
        return x.mul(x.sigmoid());
    }

    /**
     * log(1 + e^(βx)) / β, and x itself where βx > threshold (PyTorch's linear regime). Stable
     * for large |x|; the gradient is σ(βx) (1 in the linear regime).
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        if (!x.dtype().isFloatingPoint()) throw new IllegalArgumentException("softplus: expected a floating point input, got " + x.describe());
        Tensor out;
        try (var s = Autograd.noGrad()) {
            Tensor z = x.mul(beta);
            Tensor smooth = z.relu().add(z.abs().neg().exp().log1p()).div(beta);
            out = Tensors.where(z.gt(threshold), x, smooth);
        }
        return Node.record("softplus", out, Node.inputs(x), Node.saved(x), (g, s) -> {
            Tensor z = s[0].mul(beta);
            return Node.grads(Tensors.where(z.gt(threshold), g, g.mul(z.sigmoid())));
        });
    }

    /** log σ(x) = −softplus(−x), stable for large |x|. */
    public static Tensor logsigmoid(Tensor x) {
        return softplus(x.neg(), 1, Double.POSITIVE_INFINITY).neg();
    }

    /** x clamped to [min, max]. */
    public static Tensor hardtanh(Tensor x, double min, double max) {
        if (!(min <= max)) throw new IllegalArgumentException("hardtanh: min_val " + min + " must not exceed max_val " + max);
        return x.clamp(min, max);
    }

    /**
     * Maxout: splits dim ({@code C = pieces · C'}) into C' groups of {@code pieces} consecutive
     * entries and keeps each group's maximum.
     */
    public static Tensor maxout(Tensor x, int pieces, int dim) {
        int d = Shape.wrapDim("maxout", dim, x.dim());
        int c = x.size(d);
        if (pieces <= 0 || c % pieces != 0) {
            throw new IllegalArgumentException("maxout: size " + c + " of dim " + d + " of " + Shape.str(x.shape())
                    + " is not divisible by pieces " + pieces);
        }
        return x.unflatten(d, c / pieces, pieces).amax(d + 1, false);
    }
}
