package dev.jgrad.tensor;

import java.util.Arrays;

/**
 * A flat, typed Java array shared by a tensor and all its views. The version counter lives here
 * because an in-place change through any view changes what every view sees.
 */
public abstract sealed class Storage permits Storage.F32, Storage.F64, Storage.I64, Storage.Bool {
    private int version;

    public abstract DType dtype();

    public abstract int size();

    public abstract double getDouble(int i);

    public abstract void setDouble(int i, double v);

    public long getLong(int i) {
        return (long) getDouble(i);
    }

    public void setLong(int i, long v) {
        setDouble(i, v);
    }

    public int version() {
        return version;
    }

    public void bumpVersion() {
        version++;
    }

    /** Zero-filled storage (float32 from the {@link BufferPool} during a backward pass). */
    public static Storage allocate(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new F32(BufferPool.floats(size, true));
            case FLOAT64 -> new F64(new double[size]);
            case INT64 -> new I64(new long[size]);
            case BOOL -> new Bool(new boolean[size]);
        };
    }

    /**
     * Storage whose contents are undefined, for a caller that writes every element: during a
     * backward pass a recycled float32 array is not zeroed first.
     */
    public static Storage allocateForOverwrite(DType dtype, int size) {
        return dtype == DType.FLOAT32 ? new F32(floatsForOverwrite(size)) : allocate(dtype, size);
    }

    /** A float array whose contents are undefined, like {@link #allocateForOverwrite}. */
    public static float[] floatsForOverwrite(int size) {
        return BufferPool.floats(size, false);
    }

    public abstract void fill(double value);

    /** The backing array ({@code float[]}, {@code double[]}, {@code long[]} or {@code boolean[]}), for copies. */
    public abstract Object array();

    /** Copies {@code length} elements from src to dst, which have the same dtype. */
    public static void copy(Storage src, int srcPos, Storage dst, int dstPos, int length) {
        System.arraycopy(src.array(), srcPos, dst.array(), dstPos, length);
    }

    /**
     * Gathers blocks of {@code block} elements from src (from {@code srcPos}) into dst (from 0,
     * same dtype): for each o below outer and each j, block {@code o * size + index[j]} to block
     * {@code o * index.length + j}. One small loop of array copies: a batch gathered from a dataset
     * stays a cheap compile for the JIT (BENCHMARKS.md, round 23).
     */
    static void gatherBlocks(Storage src, int srcPos, Storage dst, long[] index, int outer, int size, int block) {
        Object from = src.array(), to = dst.array();
        for (int o = 0, at = 0; o < outer; o++) {
            for (long i : index) {
                System.arraycopy(from, srcPos + (o * size + (int) i) * block, to, at, block);
                at += block;
            }
        }
    }

    public static final class F32 extends Storage {
        public final float[] data;
        public F32(float[] data) { this.data = data; }
        @Override public Object array() { return data; }
        @Override public DType dtype() { return DType.FLOAT32; }
        @Override public int size() { return data.length; }
        @Override public double getDouble(int i) { return data[i]; }
        @Override public void setDouble(int i, double v) { data[i] = (float) v; }
        @Override public void fill(double value) { Arrays.fill(data, (float) value); }
    }

    public static final class F64 extends Storage {
        public final double[] data;
        public F64(double[] data) { this.data = data; }
        @Override public Object array() { return data; }
        @Override public DType dtype() { return DType.FLOAT64; }
        @Override public int size() { return data.length; }
        @Override public double getDouble(int i) { return data[i]; }
        @Override public void setDouble(int i, double v) { data[i] = v; }
        @Override public void fill(double value) { Arrays.fill(data, value); }
    }

    public static final class I64 extends Storage {
        public final long[] data;
        public I64(long[] data) { this.data = data; }
        @Override public Object array() { return data; }
        @Override public DType dtype() { return DType.INT64; }
        @Override public int size() { return data.length; }
        @Override public double getDouble(int i) { return data[i]; }
        @Override public void setDouble(int i, double v) { data[i] = (long) v; }
        @Override public long getLong(int i) { return data[i]; }
        @Override public void setLong(int i, long v) { data[i] = v; }
        @Override public void fill(double value) { Arrays.fill(data, (long) value); }
    }

    public static final class Bool extends Storage {
        public final boolean[] data;
        public Bool(boolean[] data) { this.data = data; }
        @Override public Object array() { return data; }
        @Override public DType dtype() { return DType.BOOL; }
        @Override public int size() { return data.length; }
        @Override public double getDouble(int i) { return data[i] ? 1 : 0; }
        @Override public void setDouble(int i, double v) { data[i] = v != 0; }
        @Override public long getLong(int i) { return data[i] ? 1 : 0; }
        @Override public void setLong(int i, long v) { data[i] = v != 0; }
        @Override public void fill(double value) { Arrays.fill(data, value != 0); }
    }
}
