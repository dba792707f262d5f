package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;

/**
 * x for x > 0, α(eˣ − 1) otherwise (α default 1), like {@code nn.ELU}.
 *
 * <pre>{@code
 * Tensor y = new ELU().call(x);
 * }</pre>
 */
public class ELU extends Module {
    public final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Activations.elu(x, alpha);
    }

    @Override
    public String extraRepr() {
        return "alpha=" + LayerChecks.py(alpha);
    }
}
