package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;

/**
 * log(1 + e^(βx)) / β, linear above the threshold (β = 1, threshold = 20 by default), like {@code nn.Softplus}.
 *
 * <pre>{@code
 * Tensor y = new Softplus().call(x);
 * }</pre>
 */
public class Softplus extends Module {
    public final double beta, threshold;

    public Softplus() {
        this(1, 20);
    }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Activations.softplus(x, beta, threshold);
    }

    @Override
    public String extraRepr() {
        // PyTorch's defaults are the ints 1 and 20, so its repr shows no ".0".
        return "beta=" + integral(beta) + ", threshold=" + integral(threshold);
    }

    private static String integral(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : LayerChecks.py(v);
    }
}
