package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * tanh(x), like {@code nn.Tanh}.
 *
 * <pre>{@code
 * Tensor y = new Tanh().call(x);
 * }</pre>
 */
public class Tanh extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
