package dev.jgrad.nn;

import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * Base of the loss modules: a {@link Module} that compares an input with a target. Call
 * {@link #call(Tensor, Tensor)}; the one-argument {@code forward} is not available.
 *
 * <pre>{@code
 * Loss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.call(model.call(x), y);
 * }</pre>
 */
public abstract class Loss extends Module {
    public final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must not be null");
        this.reduction = reduction;
    }

    public abstract Tensor forward(Tensor input, Tensor target);

    public Tensor call(Tensor input, Tensor target) {
        return forward(input, target);
    }

    /** A loss needs a target. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(typeName() + " needs a target: use call(input, target)");
    }

    @Override
    public String extraRepr() {
        return "";
    }
}
