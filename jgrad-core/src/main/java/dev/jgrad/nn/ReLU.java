package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * max(0, x), like {@code nn.ReLU}.
 *
 * <pre>{@code
 * Tensor y = new ReLU().call(x);
 * }</pre>
 */
public class ReLU extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
