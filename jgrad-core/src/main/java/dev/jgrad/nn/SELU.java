package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;

/**
 * scale · elu(x, α) with α = 1.6732632423543772, scale = 1.0507009873554805, like {@code nn.SELU}.
 *
 * <pre>{@code
 * Tensor y = new SELU().call(x);
 * }</pre>
 */
public class SELU extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return Activations.selu(x);
    }
}
