package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * A learnable tensor of a {@link Module}. {@code Tensor} is final, so instead of subclassing it
 * (as PyTorch's {@code nn.Parameter} does) a module declares fields of type {@code Parameter};
 * {@link #data()} is the leaf tensor that requires grad, the one optimisers update and
 * {@code stateDict()} exposes. The reference never changes: loading a state dict copies into it.
 *
 * <pre>{@code
 * class Scale extends Module {
 *     final Parameter gain = new Parameter(Tensors.ones(3));   // discovered as "gain"
 *     public Tensor forward(Tensor x) { return x.mul(gain.data()); }
 * }
 * }</pre>
 */
public final class Parameter {
    private final Tensor data;

    /** Wraps {@code data} (detached if it has a history) and makes it require grad. */
    public Parameter(Tensor data) {
        this(data, true);
    }

    public Parameter(Tensor data, boolean requiresGrad) {
        if (data == null) throw new IllegalArgumentException("Parameter: data must not be null");
        if (requiresGrad && !data.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Parameter: only floating point tensors can require gradients, got " + data.describe());
        }
        this.data = data.isLeaf() ? data : data.detach();
        this.data.requiresGrad_(requiresGrad);
    }

    /** The leaf tensor holding the values. */
    public Tensor data() {
        return data;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return data.grad();
    }

    public int[] shape() {
        return data.shape();
    }

    public int numel() {
        return data.numel();
    }

    public boolean requiresGrad() {
        return data.requiresGrad();
    }

    /** Freezes (false) or unfreezes (true) this parameter. */
    public Parameter requiresGrad_(boolean value) {
        data.requiresGrad_(value);
        return this;
    }

    @Override
    public String toString() {
        return "Parameter containing:\n" + data;
    }
}
