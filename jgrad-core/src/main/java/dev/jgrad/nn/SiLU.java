package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;

/**
 * x · σ(x) (swish), like {@code nn.SiLU}.
 *
 * <pre>{@code
 * Tensor y = new SiLU().call(x);
 * }</pre>
 */
public class SiLU extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return Activations.silu(x);
    }
}
