package dev.jgrad.optim;

import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;

import jdk.incubator.vector.FloatVector;

/**
 * The elements of a contiguous float32 or float64 tensor as a flat array, for the optimisers'
 * fused update loops. Arithmetic is done in double and {@link #r rounded} to the tensor's precision
 * after each step that PyTorch performs as a separate tensor op, so float32 updates reproduce
 * PyTorch's float arithmetic (a double result rounded once to float equals the float result of
 * the same +, −, ×, ÷ or √ on float operands). Float32 elements can also be read and written as
 * floats and {@link VectorLoop#F} vectors, for the float kernels.
 */
final class Elements {
    private final float[] f;
    private final double[] d;
    private final int offset;
    final int size;

    private Elements(float[] f, double[] d, int offset, int size) {
        this.f = f;
        this.d = d;
        this.offset = offset;
        this.size = size;
    }

    /** The elements of {@code t}, which must be contiguous and floating point. */
    static Elements of(Tensor t) {
        if (!t.isContiguous()) throw new IllegalArgumentException("Elements: tensor " + t.describe() + " is not contiguous");
        return switch (t.storage()) {
            case Storage.F32 s -> new Elements(s.data, null, t.storageOffset(), t.numel());
            case Storage.F64 s -> new Elements(null, s.data, t.storageOffset(), t.numel());
            default -> throw new IllegalArgumentException("optimizer: parameters must be float32 or float64, got " + t.dtype());
        };
    }

    double get(int i) {
        return f != null ? f[offset + i] : d[offset + i];
    }

    void set(int i, double v) {
        if (f != null) f[offset + i] = (float) v;
        else d[offset + i] = v;
    }

    boolean isFloat() {
        return f != null;
    }

    float getFloat(int i) {
        return f[offset + i];
    }

    void setFloat(int i, float v) {
        f[offset + i] = v;
    }

    /** Elements [i, i + F.length()). */
    FloatVector getVector(int i) {
        return FloatVector.fromArray(VectorLoop.F, f, offset + i);
    }

    void setVector(int i, FloatVector v) {
        v.intoArray(f, offset + i);
    }

    /** {@code v} rounded to this tensor's precision. */
    double r(double v) {
        return f != null ? (float) v : v;
    }
}
