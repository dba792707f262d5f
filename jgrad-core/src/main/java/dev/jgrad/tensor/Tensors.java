package dev.jgrad.tensor;

import dev.jgrad.autograd.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.jgrad.autograd.Node.grads;

/**
 * Factory functions, as in PyTorch's {@code torch.*} namespace: {@code import static
 * dev.jgrad.tensor.Tensors.*;} then {@code zeros(2, 3)}, {@code randn(64, 784)},
 * {@code tensor(new double[][] {{1, 2}, {3, 4}})}. Floating point results are float32 unless a
 * dtype is given.
 */
public final class Tensors {
    private Tensors() {}

    // ---------------------------------------------------------------- from Java arrays

    /** A 1-D float32 tensor of the given values. */
    public static Tensor tensor(double... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) f[i] = (float) values[i];
        return fromArray(f, values.length);
    }

    /** A 2-D float32 tensor from rows of equal length. */
    public static Tensor tensor(double[][] rows) {
        int n = rows.length, m = n == 0 ? 0 : rows[0].length;
        float[] f = new float[n * m];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != m) throw new IllegalArgumentException("tensor: row " + i + " has " + rows[i].length + " values, expected " + m);
            for (int j = 0; j < m; j++) f[i * m + j] = (float) rows[i][j];
        }
        return fromArray(f, n, m);
    }

    /** A 0-d float32 tensor. */
    public static Tensor scalar(double value) {
        return full(new int[0], value, DType.FLOAT32);
    }

    public static Tensor scalar(double value, DType dtype) {
        return full(new int[0], value, dtype);
    }

    public static Tensor fromArray(float[] data, int... shape) {
        return Tensor.of(new Storage.F32(data), checkedShape("fromArray", data.length, shape));
    }

    public static Tensor fromArray(double[] data, int... shape) {
        return Tensor.of(new Storage.F64(data), checkedShape("fromArray", data.length, shape));
    }

    public static Tensor fromArray(long[] data, int... shape) {
        return Tensor.of(new Storage.I64(data), checkedShape("fromArray", data.length, shape));
    }

    public static Tensor fromArray(boolean[] data, int... shape) {
        return Tensor.of(new Storage.Bool(data), checkedShape("fromArray", data.length, shape));
    }

    private static int[] checkedShape(String op, int length, int[] shape) {
        for (int s : shape) if (s < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + Shape.str(shape));
        if (Shape.numel(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values cannot have shape " + Shape.str(shape));
        }
        return shape;
    }

    // ---------------------------------------------------------------- constant fills

    public static Tensor empty(int... shape) {
        return zeros(shape);
    }

    public static Tensor zeros(int... shape) {
        return zeros(shape, DType.FLOAT32);
    }

    public static Tensor zeros(int[] shape, DType dtype) {
        checkedShape("zeros", Shape.numel(nonNegative("zeros", shape)), shape);
        return Tensor.of(Storage.allocate(dtype, Shape.numel(shape)), shape);
    }

    public static Tensor ones(int... shape) {
        return full(shape, 1, DType.FLOAT32);
    }

    public static Tensor ones(int[] shape, DType dtype) {
        return full(shape, 1, dtype);
    }

    public static Tensor full(int[] shape, double value) {
        return full(shape, value, DType.FLOAT32);
    }

    public static Tensor full(int[] shape, double value, DType dtype) {
        if (value == 0) return Tensor.of(Storage.allocate(dtype, Shape.numel(nonNegative("full", shape))), shape);
        Tensor t = Tensor.empty(dtype, nonNegative("full", shape));
        t.storage.fill(value);
        return t;
    }

    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape, t.dtype());
    }

    public static Tensor onesLike(Tensor t) {
        return ones(t.shape, t.dtype());
    }

    public static Tensor fullLike(Tensor t, double value) {
        return full(t.shape, value, t.dtype());
    }

    private static int[] nonNegative(String op, int[] shape) {
        for (int s : shape) if (s < 0) throw new IllegalArgumentException(op + ": negative dimension in shape " + Shape.str(shape));
        return shape;
    }

    // ---------------------------------------------------------------- ranges

    /** 0, 1, ..., end-1 as int64, like {@code torch.arange(end)}. */
    public static Tensor arange(int end) {
        return arange(0, end);
    }

    public static Tensor arange(int start, int end) {
        long[] v = new long[Math.max(0, end - start)];
        for (int i = 0; i < v.length; i++) v[i] = start + i;
        return fromArray(v, v.length);
    }

    /** start, start+step, ... below end as float32. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
        return fromArray(v, n);
    }

    /** {@code steps} evenly spaced values from start to end inclusive (float32). */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        float[] v = new float[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Like PyTorch, the second half is computed from the end so both endpoints are exact.
        int half = steps / 2;
        for (int i = 0; i < steps; i++) v[i] = (float) (i < half ? start + step * i : end - step * (steps - 1 - i));
        return fromArray(v, steps);
    }

    public static Tensor eye(int n) {
        return eye(n, n, DType.FLOAT32);
    }

    public static Tensor eye(int n, int m, DType dtype) {
        Tensor t = zeros(new int[] {n, m}, dtype);
        for (int i = 0; i < Math.min(n, m); i++) t.storage.setDouble(i * m + i, 1);
        return t;
    }

    // ---------------------------------------------------------------- random

    /** Uniform samples in [0, 1) from the global generator. */
    public static Tensor rand(int... shape) {
        return rand(shape, Generator.global());
    }

    public static Tensor rand(int[] shape, Generator gen) {
        Tensor t = zeros(shape);
        gen.fillUniform(((Storage.F32) t.storage).data);
        return t;
    }

    /** Standard normal samples from the global generator. */
    public static Tensor randn(int... shape) {
        return randn(shape, Generator.global());
    }

    public static Tensor randn(int[] shape, Generator gen) {
        Tensor t = zeros(shape);
        gen.fillGaussian(((Storage.F32) t.storage).data);
        return t;
    }

    public static Tensor normal(double mean, double std, int[] shape, Generator gen) {
        if (std < 0) throw new IllegalArgumentException("normal: std must be non-negative, got " + std);
        return randn(shape, gen).mul(std).add(mean);
    }

    /** Integers uniform in [low, high) as int64. */
    public static Tensor randint(long low, long high, int[] shape, Generator gen) {
        if (high <= low) throw new IllegalArgumentException("randint: expected low < high, got [" + low + ", " + high + ")");
        Tensor t = zeros(shape, DType.INT64);
        long[] a = ((Storage.I64) t.storage).data;
        for (int i = 0; i < a.length; i++) a[i] = low + gen.nextLong(high - low);
        return t;
    }

    /** 1 with probability p (elementwise), else 0, in p's dtype. */
    public static Tensor bernoulli(Tensor p, Generator gen) {
        double[] probs = p.toDoubleArray();
        Tensor t = zeros(p.shape, p.dtype().isFloatingPoint() ? p.dtype() : DType.FLOAT32);
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] < 0 || probs[i] > 1) throw new IllegalArgumentException("bernoulli: probability " + probs[i] + " outside [0, 1]");
            t.storage.setDouble(i, gen.nextDouble() < probs[i] ? 1 : 0);
        }
        return t;
    }

    /** A random permutation of 0..n-1 (int64), Fisher-Yates. */
    public static Tensor randperm(int n, Generator gen) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            long tmp = v[i];
            v[i] = v[j];
            v[j] = tmp;
        }
        return fromArray(v, n);
    }

    // ---------------------------------------------------------------- combining

    /** cond ? a : b elementwise, broadcasting all three; gradients flow to a and b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Tensor.checkBool("where", cond);
        Tensor out = Tensor.whereKernel(cond, a, b);
        return Node.record("where", out, Node.inputs(a, b), Node.saved(cond), (g, s) -> {
            Tensor zero = zerosLike(g);
            return grads(where(s[0], g, zero), where(s[0], zero, g));
        });
    }

    /** Concatenates along an existing dim; all other sizes must match. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        Tensor first = tensors.get(0);
        if (first.dim() == 0) throw new IllegalArgumentException("cat: zero-dimensional tensor cannot be concatenated");
        int d = Shape.wrapDim("cat", dim, first.dim());
        int[] outShape = first.shape.clone();
        outShape[d] = 0;
        DType t = first.dtype();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor x = tensors.get(i);
            if (x.dim() != first.dim()) {
                throw new IllegalArgumentException("cat: tensor " + i + " has rank " + x.dim() + " but tensor 0 has rank " + first.dim()
                        + " (" + Shape.str(x.shape) + " vs " + Shape.str(first.shape) + ")");
            }
            for (int k = 0; k < x.dim(); k++) {
                if (k != d && x.shape[k] != first.shape[k]) {
                    throw new IllegalArgumentException("cat: sizes of tensors must match except in dimension " + d + ": tensor " + i
                            + " has shape " + Shape.str(x.shape) + ", tensor 0 has " + Shape.str(first.shape));
                }
            }
            outShape[d] += x.shape[d];
            t = DType.promote(t, x.dtype());
        }
        Tensor out = Tensor.empty(t, outShape);
        int pos = 0;
        int[] sizes = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Tensor x = tensors.get(i);
            sizes[i] = x.shape[d];
            Tensor window = out.detach().narrow(d, pos, x.shape[d]);
            dev.jgrad.backend.Backends.cpu().copy(x.strided(), window.strided());
            pos += x.shape[d];
        }
        return Node.record("cat", out, tensors.toArray(Tensor[]::new), Node.saved(), (g, s) -> {
            Tensor[] gs = new Tensor[sizes.length];
            int p = 0;
            for (int i = 0; i < sizes.length; i++) {
                gs[i] = g.narrow(d, p, sizes[i]);
                p += sizes[i];
            }
            return gs;
        });
    }

    public static Tensor cat(int dim, Tensor... tensors) {
        return cat(Arrays.asList(tensors), dim);
    }

    /** Joins equally shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        int[] shape = tensors.get(0).shape;
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor x = tensors.get(i);
            if (!Arrays.equals(x.shape, shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got " + Shape.str(shape)
                        + " at entry 0 and " + Shape.str(x.shape) + " at entry " + i);
            }
            parts.add(x.unsqueeze(dim));
        }
        return cat(parts, Shape.wrapDim("stack", dim, shape.length + 1));
    }

    public static Tensor stack(int dim, Tensor... tensors) {
        return stack(Arrays.asList(tensors), dim);
    }

    /** Einstein summation for one or two operands; see {@link Einsum}. */
    public static Tensor einsum(String equation, Tensor... operands) {
        return Einsum.evaluate(equation, operands);
    }
}
