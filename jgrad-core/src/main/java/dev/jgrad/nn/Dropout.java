package dev.jgrad.nn;

import dev.jgrad.nn.functional.Dropouts;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability p (default 0.5) and the
 * rest scaled by 1/(1 − p); identity in evaluation, like {@code nn.Dropout}.
 *
 * <pre>{@code
 * new Dropout(0.25).call(h);
 * }</pre>
 */
public class Dropout extends Module {
    public final double p;
    private final Generator generator;

    public Dropout() {
        this(0.5);
    }

    public Dropout(double p) {
        this(p, Generator.global());
    }

    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: probability has to be between 0 and 1, but got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Dropouts.dropout(x, p, isTraining(), generator);
    }

    @Override
    public String extraRepr() {
        return "p=" + LayerChecks.py(p) + ", inplace=False";
    }
}
