package dev.jgrad.nn;

import dev.jgrad.nn.functional.Dropouts;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * Drops whole channels of (N, C, H, W) with probability p (default 0.5), scaling the rest by
 * 1/(1 − p), like {@code nn.Dropout2d}; identity in evaluation.
 *
 * <pre>{@code
 * new Dropout2d(0.1).call(featureMaps);
 * }</pre>
 */
public class Dropout2d extends Module {
    public final double p;
    private final Generator generator;

    public Dropout2d() {
        this(0.5);
    }

    public Dropout2d(double p) {
        this(p, Generator.global());
    }

    public Dropout2d(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout2d: probability has to be between 0 and 1, but got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Dropouts.dropout2d(x, p, isTraining(), generator);
    }

    @Override
    public String extraRepr() {
        return "p=" + LayerChecks.py(p) + ", inplace=False";
    }
}
