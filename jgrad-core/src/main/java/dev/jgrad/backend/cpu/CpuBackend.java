package dev.jgrad.backend.cpu;

import dev.jgrad.backend.Backend;
import dev.jgrad.backend.BinaryOp;
import dev.jgrad.backend.ReduceOp;
import dev.jgrad.backend.Strided;
import dev.jgrad.backend.UnaryOp;
import dev.jgrad.tensor.Storage;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The CPU backend: contiguous float32 fast paths (loops the JIT vectorises), a general strided
 * path through double for every dtype, and big kernels split over {@link Parallel}'s pool.
 */
public final class CpuBackend implements Backend {
    /** Elements per parallel chunk below which splitting costs more than it saves. */
    private static final int GRAIN = 1 << 15;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Override
    public String device() {
        return "cpu";
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, double p, double q, Strided x, Storage out) {
        int n = x.numel();
        if (n == 0) return;
        if (x.isContiguous() && x.storage() instanceof Storage.F32 xs && out instanceof Storage.F32 os) {
            float[] a = xs.data, o = os.data;
            int off = x.offset();
            Parallel.forRange(n, GRAIN, (from, to) -> unaryF32(op, (float) p, (float) q, p, q, a, off, o, from, to));
            return;
        }
        RowIterator rows = new RowIterator(x.shape(), x.strides(), x.offset());
        Storage xs = x.storage();
        int inner = rows.inner, step = rows.innerStride(0);
        Parallel.forRange(rows.count, Math.max(1, GRAIN / Math.max(inner, 1)), (from, to) -> {
            int[] base = rows.start(from);
            for (int r = from; r < to; r++, rows.advance(base)) {
                int xo = base[0], oo = r * inner;
                for (int j = 0; j < inner; j++, xo += step) out.setDouble(oo + j, op.apply(xs.getDouble(xo), p, q));
            }
        });
    }

    private static void unaryF32(UnaryOp op, float pf, float qf, double p, double q, float[] a, int off, float[] o, int from, int to) {
        switch (op) {
            case NEG -> { for (int i = from; i < to; i++) o[i] = -a[off + i]; }
            case RELU -> reluF32(a, off, o, from, to);
            case ABS -> { for (int i = from; i < to; i++) o[i] = Math.abs(a[off + i]); }
            case AFFINE -> { for (int i = from; i < to; i++) o[i] = pf * a[off + i] + qf; }
            case RECIPROCAL -> { for (int i = from; i < to; i++) o[i] = 1f / a[off + i]; }
            case SQRT -> { for (int i = from; i < to; i++) o[i] = (float) Math.sqrt(a[off + i]); }
            case LEAKY_RELU -> { for (int i = from; i < to; i++) { float v = a[off + i]; o[i] = v > 0 ? v : v * pf; } }
            case POW_SCALAR -> {
                if (p == 2) { for (int i = from; i < to; i++) { float v = a[off + i]; o[i] = v * v; } }
                else { for (int i = from; i < to; i++) o[i] = (float) Math.pow(a[off + i], p); }
            }
            case EXP -> { for (int i = from; i < to; i++) o[i] = (float) Math.exp(a[off + i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) o[i] = (float) (1 / (1 + Math.exp(-a[off + i]))); }
            case TANH -> { for (int i = from; i < to; i++) o[i] = (float) Math.tanh(a[off + i]); }
            default -> { for (int i = from; i < to; i++) o[i] = (float) op.apply(a[off + i], p, q); }
        }
    }

    /**
     * o[i] = max(a[off + i], 0): Math.max, so NaN stays NaN and -0 becomes 0. Without an offset C2
     * vectorises the loop (one index for both arrays; at two it cannot rule out that o overlaps a
     * and runs it 10x slower), and a cold JVM runs it 4x faster than Vector API code.
     */
    private static void reluF32(float[] a, int off, float[] o, int from, int to) {
        if (off == 0) {
            for (int i = from; i < to; i++) o[i] = Math.max(a[i], 0f);
        } else {
            for (int i = from; i < to; i++) o[i] = Math.max(a[off + i], 0f);
        }
    }

    /**
     * o = a where b &gt; 0, else 0, over n elements: the ReLU gradient a given the ReLU output b, as
     * a vector blend (the scalar loop branches on the sign and ran ~15x slower on random signs).
     */
    private static void reluMaskF32(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        FloatVector zero = FloatVector.zero(F);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += F.length()) {
            var positive = FloatVector.fromArray(F, b, bo + j).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(F, a, ao + j), positive).intoArray(o, oo + j);
        }
        for (; j < n; j++) o[oo + j] = b[bo + j] > 0 ? a[ao + j] : 0f;
    }

    /**
     * o = a (op) b over n elements in vector lanes for + - * / and add+ReLU: C2 does not vectorise
     * the scalar loops (o may overlap a or b at another offset). The switch is on a loop-invariant
     * op, so each branch keeps a constant vector operator (a variable one would not be
     * intrinsified). The tail goes through the op's double formula, which rounds to the same float.
     */
    private static void lanewiseF32(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, ao + j), y = FloatVector.fromArray(F, b, bo + j);
            FloatVector v = switch (op) {
                case SUB -> x.sub(y);
                case MUL -> x.mul(y);
                case DIV -> x.div(y);
                case ADD_RELU -> x.add(y).max(0f);
                default -> x.add(y);
            };
            v.intoArray(o, oo + j);
        }
        for (; j < n; j++) o[oo + j] = (float) op.apply(a[ao + j], b[bo + j]);
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Storage out, int[] shape) {
        int n = numel(shape);
        if (n == 0) return;
        Storage as = a.storage(), bs = b.storage();
        if (as instanceof Storage.F32 af && bs instanceof Storage.F32 bf && out instanceof Storage.F32 of) {
            RowIterator rows = new RowIterator(shape, a.strides(), a.offset(), b.strides(), b.offset());
            int inner = rows.inner, sa = rows.innerStride(0), sb = rows.innerStride(1);
            if (rows.count == 1) { // one merged row (e.g. same-shape contiguous operands): split the row instead
                int[] base = rows.start(0);
                Parallel.forRange(inner, GRAIN, (from, to) ->
                        binaryRowF32(op, af.data, base[0] + from * sa, sa, bf.data, base[1] + from * sb, sb, of.data, from, to - from));
                return;
            }
            Parallel.forRange(rows.count, Math.max(1, GRAIN / Math.max(inner, 1)), (from, to) -> {
                int[] base = rows.start(from);
                for (int r = from; r < to; r++, rows.advance(base)) {
                    binaryRowF32(op, af.data, base[0], sa, bf.data, base[1], sb, of.data, r * inner, inner);
                }
            });
            return;
        }
        boolean exactLong = out instanceof Storage.I64 || (op.isPredicate() && as instanceof Storage.I64 && bs instanceof Storage.I64);
        RowIterator rows = new RowIterator(shape, a.strides(), a.offset(), b.strides(), b.offset());
        int inner = rows.inner, sa = rows.innerStride(0), sb = rows.innerStride(1);
        Parallel.forRange(rows.count, Math.max(1, GRAIN / Math.max(inner, 1)), (from, to) -> {
            int[] base = rows.start(from);
            for (int r = from; r < to; r++, rows.advance(base)) {
                int ao = base[0], bo = base[1], oo = r * inner;
                if (exactLong) {
                    for (int j = 0; j < inner; j++, ao += sa, bo += sb) out.setLong(oo + j, op.applyLong(as.getLong(ao), bs.getLong(bo)));
                } else {
                    for (int j = 0; j < inner; j++, ao += sa, bo += sb) out.setDouble(oo + j, op.apply(as.getDouble(ao), bs.getDouble(bo)));
                }
            }
        });
    }

    private static void binaryRowF32(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] o, int oo, int n) {
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD, SUB, MUL, DIV, ADD_RELU -> { lanewiseF32(op, a, ao, b, bo, o, oo, n); return; }
                case RELU_MASK -> { reluMaskF32(a, ao, b, bo, o, oo, n); return; }
                default -> { }
            }
        } else if (sa == 1 && sb == 0) {
            float s = b[bo];
            switch (op) {
                case ADD -> { for (int j = 0; j < n; j++) o[oo + j] = a[ao + j] + s; return; }
                case SUB -> { for (int j = 0; j < n; j++) o[oo + j] = a[ao + j] - s; return; }
                case MUL -> { for (int j = 0; j < n; j++) o[oo + j] = a[ao + j] * s; return; }
                case DIV -> { for (int j = 0; j < n; j++) o[oo + j] = a[ao + j] / s; return; }
                default -> { }
            }
        }
        switch (op) {
            case ADD -> { for (int j = 0; j < n; j++, ao += sa, bo += sb) o[oo + j] = a[ao] + b[bo]; }
            case SUB -> { for (int j = 0; j < n; j++, ao += sa, bo += sb) o[oo + j] = a[ao] - b[bo]; }
            case MUL -> { for (int j = 0; j < n; j++, ao += sa, bo += sb) o[oo + j] = a[ao] * b[bo]; }
            case DIV -> { for (int j = 0; j < n; j++, ao += sa, bo += sb) o[oo + j] = a[ao] / b[bo]; }
            default -> { for (int j = 0; j < n; j++, ao += sa, bo += sb) o[oo + j] = (float) op.apply(a[ao], b[bo]); }
        }
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Storage out, int[] shape) {
        if (numel(shape) == 0) return;
        RowIterator rows = new RowIterator(shape, cond.strides(), cond.offset(), a.strides(), a.offset(), b.strides(), b.offset());
        int inner = rows.inner, sc = rows.innerStride(0), sa = rows.innerStride(1), sb = rows.innerStride(2);
        Storage cs = cond.storage(), as = a.storage(), bs = b.storage();
        boolean longs = out instanceof Storage.I64;
        Parallel.forRange(rows.count, Math.max(1, GRAIN / Math.max(inner, 1)), (from, to) -> {
            int[] base = rows.start(from);
            for (int r = from; r < to; r++, rows.advance(base)) {
                int co = base[0], ao = base[1], bo = base[2], oo = r * inner;
                for (int j = 0; j < inner; j++, co += sc, ao += sa, bo += sb) {
                    boolean c = cs.getDouble(co) != 0;
                    if (longs) out.setLong(oo + j, c ? as.getLong(ao) : bs.getLong(bo));
                    else out.setDouble(oo + j, c ? as.getDouble(ao) : bs.getDouble(bo));
                }
            }
        });
    }

    @Override
    public void copy(Strided src, Strided dst) {
        int n = src.numel();
        if (n == 0) return;
        Storage s = src.storage(), d = dst.storage();
        if (src.isContiguous() && dst.isContiguous() && s.dtype() == d.dtype()) {
            System.arraycopy(s.array(), src.offset(), d.array(), dst.offset(), n);
            return;
        }
        RowIterator rows = new RowIterator(src.shape(), src.strides(), src.offset(), dst.strides(), dst.offset());
        int inner = rows.inner, ss = rows.innerStride(0), ds = rows.innerStride(1);
        boolean longs = s instanceof Storage.I64 && d instanceof Storage.I64;
        Parallel.forRange(rows.count, Math.max(1, GRAIN / Math.max(inner, 1)), (from, to) -> {
            int[] base = rows.start(from);
            for (int r = from; r < to; r++, rows.advance(base)) {
                int so = base[0], doff = base[1];
                if (s instanceof Storage.F32 sf && d instanceof Storage.F32 df) {
                    for (int j = 0; j < inner; j++, so += ss, doff += ds) df.data[doff] = sf.data[so];
                } else if (longs) {
                    for (int j = 0; j < inner; j++, so += ss, doff += ds) d.setLong(doff, s.getLong(so));
                } else {
                    for (int j = 0; j < inner; j++, so += ss, doff += ds) d.setDouble(doff, s.getDouble(so));
                }
            }
        });
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Storage src, int outer, int inner, Storage out) {
        Parallel.forRange(outer, Math.max(1, GRAIN / Math.max(inner, 1)), (from, to) -> {
            for (int o = from; o < to; o++) reduceRow(op, src, o * inner, inner, out, o);
        });
    }

    private static void reduceRow(ReduceOp op, Storage src, int off, int n, Storage out, int o) {
        switch (op) {
            case SUM -> {
                if (src instanceof Storage.F32 f) {
                    // float32 sums accumulate in double: deterministic and more accurate than float.
                    double s = 0;
                    float[] a = f.data;
                    for (int i = off, end = off + n; i < end; i++) s += a[i];
                    out.setDouble(o, s);
                } else if (src instanceof Storage.I64 || src instanceof Storage.Bool) {
                    long s = 0;
                    for (int i = 0; i < n; i++) s += src.getLong(off + i);
                    out.setLong(o, s);
                } else {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += src.getDouble(off + i);
                    out.setDouble(o, s);
                }
            }
            case PROD -> {
                if (src instanceof Storage.I64 || src instanceof Storage.Bool) {
                    long s = 1;
                    for (int i = 0; i < n; i++) s *= src.getLong(off + i);
                    out.setLong(o, s);
                } else {
                    double s = 1;
                    for (int i = 0; i < n; i++) s *= src.getDouble(off + i);
                    out.setDouble(o, s);
                }
            }
            case MAX, MIN, ARGMAX, ARGMIN -> {
                boolean max = op == ReduceOp.MAX || op == ReduceOp.ARGMAX;
                int best = 0;
                double bv;
                // NaN wins, like PyTorch; ties keep the first index.
                if (src instanceof Storage.F32 f) {
                    // The array read directly: through getDouble (megamorphic by then), an argmax
                    // over an inference batch's (1000, 10) logits took 47-60 µs against 17.
                    float[] a = f.data;
                    float b = a[off];
                    for (int i = 1; i < n && b == b; i++) {
                        float v = a[off + i];
                        if (v != v || (max ? v > b : v < b)) {
                            b = v;
                            best = i;
                        }
                    }
                    bv = b;
                } else {
                    bv = src.getDouble(off);
                    for (int i = 1; i < n && !Double.isNaN(bv); i++) {
                        double v = src.getDouble(off + i);
                        if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                            bv = v;
                            best = i;
                        }
                    }
                }
                if (op.producesIndex()) out.setLong(o, best);
                else if (out instanceof Storage.I64) out.setLong(o, src.getLong(off + best));
                else out.setDouble(o, bv);
            }
        }
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public void matmul(int batch, int m, int n, int k,
                       Storage a, int[] aOffsets, int lda, boolean transA,
                       Storage b, int[] bOffsets, int ldb, boolean transB, Storage c) {
        switch (c) {
            case Storage.F32 cf -> {
                float[] af = ((Storage.F32) a).data, bf = ((Storage.F32) b).data;
                for (int i = 0; i < batch; i++) {
                    Gemm.sgemm(transA, transB, m, n, k, 1f, af, aOffsets[i], lda, bf, bOffsets[i], ldb, 0f, cf.data, i * m * n, n);
                }
            }
            case Storage.F64 cd -> {
                double[] ad = ((Storage.F64) a).data, bd = ((Storage.F64) b).data;
                for (int i = 0; i < batch; i++) {
                    Gemm.dgemm(transA, transB, m, n, k, 1.0, ad, aOffsets[i], lda, bd, bOffsets[i], ldb, 0.0, cd.data, i * m * n, n);
                }
            }
            default -> {
                for (int bi = 0; bi < batch; bi++) {
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            long s = 0;
                            for (int p = 0; p < k; p++) {
                                s += a.getLong(aOffsets[bi] + (transA ? p * lda + i : i * lda + p))
                                        * b.getLong(bOffsets[bi] + (transB ? j * ldb + p : p * ldb + j));
                            }
                            c.setLong((bi * m + i) * n + j, s);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- indexing

    @Override
    public void gather(Storage src, int outer, int size, int inner, Storage index, int idxSize, Storage out) {
        long[] idx = ((Storage.I64) index).data;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < idxSize; j++) {
                int ob = (o * idxSize + j) * inner;
                for (int i = 0; i < inner; i++) {
                    int s = (o * size + (int) idx[ob + i]) * inner + i;
                    if (out instanceof Storage.I64) out.setLong(ob + i, src.getLong(s));
                    else out.setDouble(ob + i, src.getDouble(s));
                }
            }
        }
    }

    @Override
    public void scatterAdd(Storage dst, int outer, int size, int inner, Storage index, int idxSize, Storage src) {
        long[] idx = ((Storage.I64) index).data;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < idxSize; j++) {
                int sb = (o * idxSize + j) * inner;
                for (int i = 0; i < inner; i++) {
                    int d = (o * size + (int) idx[sb + i]) * inner + i;
                    if (dst instanceof Storage.I64) dst.setLong(d, dst.getLong(d) + src.getLong(sb + i));
                    else dst.setDouble(d, dst.getDouble(d) + src.getDouble(sb + i));
                }
            }
        }
    }

    @Override
    public void argsort(Storage src, int outer, int n, boolean descending, Storage outIndex) {
        Parallel.forRange(outer, Math.max(1, GRAIN / Math.max(n, 1)), (from, to) -> {
            Integer[] order = new Integer[n];
            for (int o = from; o < to; o++) {
                int off = o * n;
                for (int i = 0; i < n; i++) order[i] = i;
                Comparator<Integer> byValue = (x, y) -> Double.compare(key(src, off + x), key(src, off + y));
                Arrays.sort(order, descending ? byValue.reversed() : byValue);
                for (int i = 0; i < n; i++) outIndex.setLong(off + i, order[i]);
            }
        });
    }

    /** Sort key: NaN is the largest value (Double.compare already orders it last) and -0.0 equals 0.0. */
    private static double key(Storage s, int i) {
        double v = s.getDouble(i);
        return v == 0 ? 0.0 : v;
    }

    @Override
    public void im2col(Storage x, int xOff, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                       int dh, int dw, Storage col, int colOff) {
        if (x instanceof Storage.F32 xf) {
            Im2col.im2col(xf.data, xOff, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, ((Storage.F32) col).data, colOff);
        } else {
            Im2col.im2col(((Storage.F64) x).data, xOff, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, ((Storage.F64) col).data, colOff);
        }
    }

    @Override
    public void col2im(Storage col, int colOff, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                       int dh, int dw, Storage x, int xOff) {
        if (x instanceof Storage.F32 xf) {
            Im2col.col2im(((Storage.F32) col).data, colOff, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, xf.data, xOff);
        } else {
            Im2col.col2im(((Storage.F64) col).data, colOff, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, ((Storage.F64) x).data, xOff);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}
