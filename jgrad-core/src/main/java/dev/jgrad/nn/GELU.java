package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;

/**
 * x · Φ(x), exact ("none", default) or with the tanh approximation, like {@code nn.GELU}.
 *
 * <pre>{@code
 * Tensor y = new GELU("tanh").call(x);
 * }</pre>
 */
public class GELU extends Module {
    public final String approximate;

    public GELU() {
        this("none");
    }

    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Activations.gelu(x, approximate);
    }

    @Override
    public String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}
