package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * Returns its input: a placeholder, e.g. a shortcut that needs no projection.
 *
 * <pre>{@code
 * Module shortcut = sameShape ? new Identity() : projection;
 * }</pre>
 */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
