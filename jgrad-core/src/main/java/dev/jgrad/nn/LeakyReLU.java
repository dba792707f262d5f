package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;

/**
 * x for x > 0, slope · x otherwise (slope default 0.01), like {@code nn.LeakyReLU}.
 *
 * <pre>{@code
 * Tensor y = new LeakyReLU(0.1).call(x);
 * }</pre>
 */
public class LeakyReLU extends Module {
    public final double negativeSlope;

    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + LayerChecks.py(negativeSlope);
    }
}
