package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * Flattens dims startDim..endDim (default 1..-1), like {@code nn.Flatten}.
 *
 * <pre>{@code
 * new Flatten().call(x);   // [64, 16, 5, 5] -> [64, 400]
 * }</pre>
 */
public class Flatten extends Module {
    public final int startDim, endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim, endDim);
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
