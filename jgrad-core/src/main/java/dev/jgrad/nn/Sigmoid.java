package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * 1 / (1 + e^(−x)), like {@code nn.Sigmoid}.
 *
 * <pre>{@code
 * Tensor p = new Sigmoid().call(logits);
 * }</pre>
 */
public class Sigmoid extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
