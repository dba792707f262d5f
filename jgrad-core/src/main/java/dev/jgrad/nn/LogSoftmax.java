package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * log softmax along dim, computed stably, like {@code nn.LogSoftmax(dim)}.
 *
 * <pre>{@code
 * Tensor logp = new LogSoftmax(1).call(logits);
 * }</pre>
 */
public class LogSoftmax extends Module {
    public final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.logSoftmax(dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }
}
