package dev.jgrad.optim;

import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;

import java.util.function.Consumer;

/**
 * The elements of a packed float32 or float64 tensor (see {@link #packed}) as a flat array from
 * index 0, for the optimisers' fused update loops. Arithmetic is done in double and {@link #r
 * rounded} to the tensor's precision after each step that PyTorch performs as a separate tensor
 * op, so float32 updates reproduce PyTorch's float arithmetic (a double result rounded once to
 * float equals the float result of the same +, −, ×, ÷ or √ on float operands). Float32 elements
 * are also open as their array, for the float kernels ({@link FloatLoop}).
 */
final class Elements {
    private final float[] f;
    private final double[] d;
    final int size;

    private Elements(float[] f, double[] d, int size) {
        this.f = f;
        this.d = d;
        this.size = size;
    }

    /** The elements of {@code t}, which must be packed and floating point. */
    static Elements of(Tensor t) {
        if (!isPacked(t)) throw new IllegalArgumentException("Elements: tensor " + t.describe() + " is not packed");
        return switch (t.storage()) {
            case Storage.F32 s -> new Elements(s.data, null, t.numel());
            case Storage.F64 s -> new Elements(null, s.data, t.numel());
            default -> throw new IllegalArgumentException("optimizer: parameters must be float32 or float64, got " + t.dtype());
        };
    }

    /**
     * {@code t} itself when its elements are the first of its storage, in order (contiguous from
     * offset 0), else such a copy: the float loops index every array alike.
     */
    static Tensor packed(Tensor t) {
        return isPacked(t) ? t : t.clone();
    }

    /**
     * Runs {@code update} on the elements of {@code p} in place: on p's own storage when it is
     * packed (its version bumped, as an in-place op's), else on a packed copy that is then copied back.
     */
    static void updateInPlace(Tensor p, Consumer<Elements> update) {
        Tensor target = packed(p);
        update.accept(of(target));
        if (target != p) p.copy_(target);
        else p.storage().bumpVersion();
    }

    private static boolean isPacked(Tensor t) {
        return t.isContiguous() && t.storageOffset() == 0;
    }

    double get(int i) {
        return f != null ? f[i] : d[i];
    }

    void set(int i, double v) {
        if (f != null) f[i] = (float) v;
        else d[i] = v;
    }

    boolean isFloat() {
        return f != null;
    }

    /** The float32 elements, [0, size) of the array. */
    float[] floats() {
        return f;
    }

    /** {@code v} rounded to this tensor's precision. */
    double r(double v) {
        return f != null ? (float) v : v;
    }
}
