package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * e^(x_i) / Σ_j e^(x_j) along dim, like {@code nn.Softmax(dim)}.
 *
 * <pre>{@code
 * Tensor p = new Softmax(1).call(logits);
 * }</pre>
 */
public class Softmax extends Module {
    public final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softmax(dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
