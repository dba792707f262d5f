package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * Non-learnable state of a {@link Module} such as BatchNorm's running statistics. Declared as a
 * field of type {@code Buffer} (or registered with {@link Module#registerBuffer}); persistent
 * buffers appear in {@code stateDict()}. Updates happen in place on {@link #data()} (or by
 * {@link #set}) under no-grad.
 *
 * <pre>{@code
 * @Name("running_mean") final Buffer runningMean = new Buffer(Tensors.zeros(16));
 * }</pre>
 */
public final class Buffer {
    private Tensor data;
    private final boolean persistent;

    public Buffer(Tensor data) {
        this(data, true);
    }

    public Buffer(Tensor data, boolean persistent) {
        if (data == null) throw new IllegalArgumentException("Buffer: data must not be null");
        this.data = data;
        this.persistent = persistent;
    }

    public Tensor data() {
        return data;
    }

    /** Replaces the tensor (use in-place ops on {@link #data()} to keep views valid). */
    public void set(Tensor value) {
        if (value == null) throw new IllegalArgumentException("Buffer: data must not be null");
        data = value;
    }

    /** Whether the buffer is saved in {@code stateDict()}. */
    public boolean persistent() {
        return persistent;
    }

    @Override
    public String toString() {
        return "Buffer containing:\n" + data;
    }
}
