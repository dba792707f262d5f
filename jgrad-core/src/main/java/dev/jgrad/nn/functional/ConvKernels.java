package dev.jgrad.nn.functional;

import dev.jgrad.backend.cpu.Gemm;
import dev.jgrad.backend.cpu.Im2col;
import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Storage;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The three convolution kernels on contiguous float32/float64 storage, by im2col + GEMM per image
 * and group, parallel over the batch: the forward pass, its adjoint in the image (input gradient,
 * i.e. transposed convolution) and its adjoint in the weight. Float32 stride-1 convolutions skip
 * im2col: one GEMM per window tap over zero-padded planes (see {@link #forwardShifted}). No checks
 * and no autograd here.
 */
final class ConvKernels {
    /** One im2col buffer per thread and dtype, grown on demand, so images allocate nothing. */
    private static final ThreadLocal<Storage[]> SCRATCH = ThreadLocal.withInitial(() -> new Storage[2]);
    /** The padded planes and the accumulator of the shifted convolution, per thread. */
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[2][]);

    private ConvKernels() {}

    /** out (n, cout, oh, ow) = conv(x (n, cin, h, w), weight) + bias (nullable, (cout)). */
    static Storage forward(ConvGeometry g, Storage x, int xOff, Storage weight, int wOff, Storage bias, int bOff) {
        if (x instanceof Storage.F32 xf && g.isShiftable()) {
            return forwardShifted(g, xf.data, xOff, ((Storage.F32) weight).data, wOff, bias == null ? null : ((Storage.F32) bias).data, bOff);
        }
        Storage out = Storage.allocate(x.dtype(), g.n() * g.columnSize());
        int rows = g.colRows(), cols = g.colCols(), coutG = g.coutPerGroup();
        if (bias != null) fillBias(out, bias, bOff, g.n(), g.cout(), cols);
        double beta = bias == null ? 0 : 1;
        Parallel.forRange(g.n(), 1, (from, to) -> {
            Storage col = g.isPointwise() ? null : scratch(x.dtype(), rows * cols);
            for (int i = from; i < to; i++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int imageOff = xOff + i * g.imageSize() + grp * g.cinPerGroup() * g.h() * g.w();
                    Storage b = x;
                    int bOffset = imageOff;
                    if (col != null) {
                        im2col(g, x, imageOff, col);
                        b = col;
                        bOffset = 0;
                    }
                    gemm(false, false, coutG, cols, rows, weight, wOff + grp * coutG * rows, rows, b, bOffset, cols,
                            beta, out, i * g.columnSize() + grp * coutG * cols, cols);
                }
            }
        });
        return out;
    }

    /**
     * Stride-1 float32 convolution without im2col. With an image zero-padded to (hp, wp), tap
     * (ki, kj) reads the padded planes shifted by ki·wp + kj, so the output, laid out in rows of
     * wp (of which the last kw − 1 columns are junk), is the sum over taps of
     * weight[:, :, ki, kj] (cout x cin) times the shifted planes (cin x span): kh·kw GEMMs of depth
     * cin on one image's cache-resident data instead of one over a kh·kw times larger matrix.
     */
    private static Storage forwardShifted(ConvGeometry g, float[] x, int xOff, float[] weight, int wOff, float[] bias, int bOff) {
        int cin = g.cin(), cout = g.cout(), h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), taps = g.kh() * g.kw();
        int hp = h + 2 * g.ph(), wp = w + 2 * g.pw(), plane = hp * wp, span = (oh - 1) * wp + ow;
        float[] tapWeights = new float[taps * cout * cin]; // (tap, cout, cin)
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int t = 0; t < taps; t++) tapWeights[(t * cout + co) * cin + ci] = weight[wOff + (co * cin + ci) * taps + t];
            }
        }
        float[] out = new float[g.n() * g.columnSize()];
        Parallel.forRange(g.n(), 1, (from, to) -> {
            float[] padded = floats(0, cin * plane), acc = floats(1, cout * oh * wp);
            for (int i = from; i < to; i++) {
                pad(x, xOff + i * g.imageSize(), cin, h, w, g.ph(), g.pw(), padded);
                for (int t = 0; t < taps; t++) {
                    Gemm.sgemm(false, false, cout, span, cin, 1f, tapWeights, t * cout * cin, cin,
                            padded, tapShift(g, t, wp), plane, t == 0 ? 0f : 1f, acc, 0, oh * wp);
                }
                for (int co = 0; co < cout; co++) {
                    float b = bias == null ? 0f : bias[bOff + co];
                    for (int oy = 0; oy < oh; oy++) {
                        int src = (co * oh + oy) * wp, dst = ((i * cout + co) * oh + oy) * ow;
                        for (int ox = 0; ox < ow; ox++) out[dst + ox] = acc[src + ox] + b;
                    }
                }
            }
        });
        return new Storage.F32(out);
    }

    /** dx (n, cin, h, w) from the column-side gradient (n, cout, oh, ow): the transposed convolution. */
    static Storage inputGradient(ConvGeometry g, Storage gradOut, int gOff, Storage weight, int wOff) {
        if (gradOut instanceof Storage.F32 gf && g.isShiftable() && g.ph() < g.kh() && g.pw() < g.kw()) {
            return inputGradientShifted(g, gf.data, gOff, ((Storage.F32) weight).data, wOff);
        }
        Storage dx = Storage.allocate(gradOut.dtype(), g.n() * g.imageSize());
        int rows = g.colRows(), cols = g.colCols(), coutG = g.coutPerGroup();
        Parallel.forRange(g.n(), 1, (from, to) -> {
            Storage col = g.isPointwise() ? null : scratch(gradOut.dtype(), rows * cols);
            for (int i = from; i < to; i++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int imageOff = i * g.imageSize() + grp * g.cinPerGroup() * g.h() * g.w();
                    int gradOff = gOff + i * g.columnSize() + grp * coutG * cols;
                    int weightOff = wOff + grp * coutG * rows;
                    if (col == null) {
                        gemm(true, false, rows, cols, coutG, weight, weightOff, rows, gradOut, gradOff, cols, 0, dx, imageOff, cols);
                    } else {
                        gemm(true, false, rows, cols, coutG, weight, weightOff, rows, gradOut, gradOff, cols, 0, col, 0, cols);
                        col2im(g, col, dx, imageOff);
                    }
                }
            }
        });
        return dx;
    }

    /**
     * dW (cout, cin/groups, kh, kw) = sum over images of gradOut @ im2col(x)^T. Each parallel chunk
     * sums its images into its own buffer; the buffers are added in chunk order so results do not
     * depend on thread timing.
     */
    static Storage weightGradient(ConvGeometry g, Storage x, int xOff, Storage gradOut, int gOff) {
        if (x instanceof Storage.F32 xf && g.isShiftable()) {
            return weightGradientShifted(g, xf.data, xOff, ((Storage.F32) gradOut).data, gOff);
        }
        DType dtype = x.dtype();
        int rows = g.colRows(), cols = g.colCols(), coutG = g.coutPerGroup();
        Map<Integer, Storage> partials = new ConcurrentSkipListMap<>();
        Parallel.forRange(g.n(), 1, (from, to) -> {
            Storage col = g.isPointwise() ? null : scratch(dtype, rows * cols);
            Storage partial = Storage.allocate(dtype, g.weightSize());
            for (int i = from; i < to; i++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int imageOff = xOff + i * g.imageSize() + grp * g.cinPerGroup() * g.h() * g.w();
                    Storage b = x;
                    int bOffset = imageOff;
                    if (col != null) {
                        im2col(g, x, imageOff, col);
                        b = col;
                        bOffset = 0;
                    }
                    gemm(false, true, coutG, rows, cols, gradOut, gOff + i * g.columnSize() + grp * coutG * cols, cols,
                            b, bOffset, cols, 1, partial, grp * coutG * rows, rows);
                }
            }
            partials.put(from, partial);
        });
        Storage dw = null;
        for (Storage p : partials.values()) {
            if (dw == null) dw = p;
            else addInto(dw, p);
        }
        return dw != null ? dw : Storage.allocate(dtype, g.weightSize());
    }

    /** Adds bias[c] to every element of channel c of a contiguous (n, c, plane) storage. */
    static void addBias(Storage out, Storage bias, int bOff, int n, int c, int plane) {
        if (out instanceof Storage.F32 o) {
            float[] d = o.data, b = ((Storage.F32) bias).data;
            for (int base = 0, i = 0; i < n * c; i++, base += plane) {
                float v = b[bOff + i % c];
                for (int j = base; j < base + plane; j++) d[j] += v;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                double b = bias.getDouble(bOff + ch);
                int base = (i * c + ch) * plane;
                for (int j = 0; j < plane; j++) out.setDouble(base + j, out.getDouble(base + j) + b);
            }
        }
    }

    /** Sets every element of channel c of a contiguous (n, c, plane) storage to bias[c]. */
    private static void fillBias(Storage out, Storage bias, int bOff, int n, int c, int plane) {
        for (int i = 0; i < n * c; i++) {
            if (out instanceof Storage.F32 o) Arrays.fill(o.data, i * plane, (i + 1) * plane, ((Storage.F32) bias).data[bOff + i % c]);
            else Arrays.fill(((Storage.F64) out).data, i * plane, (i + 1) * plane, bias.getDouble(bOff + i % c));
        }
    }

    private static void addInto(Storage dst, Storage src) {
        if (dst instanceof Storage.F32 d) {
            float[] a = d.data, b = ((Storage.F32) src).data;
            for (int i = 0; i < a.length; i++) a[i] += b[i];
        } else {
            double[] a = ((Storage.F64) dst).data, b = ((Storage.F64) src).data;
            for (int i = 0; i < a.length; i++) a[i] += b[i];
        }
    }

    /** Copies one image's planes (c, h, w) into padded (c, h + 2ph, w + 2pw) with zero borders. */
    private static void pad(float[] x, int xOff, int c, int h, int w, int ph, int pw, float[] padded) {
        int wp = w + 2 * pw, plane = (h + 2 * ph) * wp;
        for (int ci = 0; ci < c; ci++) {
            int base = ci * plane;
            Arrays.fill(padded, base, base + ph * wp, 0f);
            for (int y = 0; y < h; y++) {
                int row = base + (y + ph) * wp;
                Arrays.fill(padded, row, row + pw, 0f);
                System.arraycopy(x, xOff + (ci * h + y) * w, padded, row + pw, w);
                Arrays.fill(padded, row + pw + w, row + wp, 0f);
            }
            Arrays.fill(padded, base + (h + ph) * wp, base + plane, 0f);
        }
    }

    /** Where tap t = ki·kw + kj starts reading in a padded plane of row length wp. */
    private static int tapShift(ConvGeometry g, int t, int wp) {
        return (t / g.kw()) * wp + t % g.kw();
    }

    /**
     * The input gradient of a stride-1 convolution is itself a stride-1 convolution of gradOut,
     * with the weight's in and out channels swapped, its window flipped, and padding k − 1 − p.
     */
    private static Storage inputGradientShifted(ConvGeometry g, float[] gradOut, int gOff, float[] weight, int wOff) {
        int cin = g.cin(), cout = g.cout(), kh = g.kh(), kw = g.kw();
        float[] flipped = new float[g.weightSize()]; // (cin, cout, kh, kw)
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        flipped[((ci * cout + co) * kh + kh - 1 - ki) * kw + kw - 1 - kj] = weight[wOff + ((co * cin + ci) * kh + ki) * kw + kj];
                    }
                }
            }
        }
        var adjoint = new ConvGeometry(g.n(), cout, g.oh(), g.ow(), cin, g.h(), g.w(), kh, kw, 1, 1, kh - 1 - g.ph(), kw - 1 - g.pw(), 1, 1, 1);
        return forwardShifted(adjoint, gradOut, gOff, flipped, 0, null, 0);
    }

    /**
     * The weight gradient of a stride-1 convolution: for tap t, dW[:, :, t] = Σ over images of
     * gradOut (cout x span, in rows of wp with zero junk columns) times the planes shifted for t,
     * transposed; per-chunk partial sums added in chunk order like {@link #weightGradient}.
     */
    private static Storage weightGradientShifted(ConvGeometry g, float[] x, int xOff, float[] gradOut, int gOff) {
        int cin = g.cin(), cout = g.cout(), h = g.h(), w = g.w(), oh = g.oh(), ow = g.ow(), taps = g.kh() * g.kw();
        int wp = w + 2 * g.pw(), plane = (h + 2 * g.ph()) * wp, span = (oh - 1) * wp + ow;
        Map<Integer, float[]> partials = new ConcurrentSkipListMap<>();
        Parallel.forRange(g.n(), 1, (from, to) -> {
            float[] padded = floats(0, cin * plane), rows = floats(1, cout * oh * wp), partial = new float[taps * cout * cin];
            for (int i = from; i < to; i++) {
                pad(x, xOff + i * g.imageSize(), cin, h, w, g.ph(), g.pw(), padded);
                for (int r = 0; r < cout * oh; r++) {
                    System.arraycopy(gradOut, gOff + i * g.columnSize() + r * ow, rows, r * wp, ow);
                    Arrays.fill(rows, r * wp + ow, (r + 1) * wp, 0f);
                }
                for (int t = 0; t < taps; t++) {
                    Gemm.sgemm(false, true, cout, cin, span, 1f, rows, 0, oh * wp, padded, tapShift(g, t, wp), plane, 1f,
                            partial, t * cout * cin, cin);
                }
            }
            partials.put(from, partial);
        });
        float[] sum = null;
        for (float[] p : partials.values()) {
            if (sum == null) sum = p;
            else for (int j = 0; j < sum.length; j++) sum[j] += p[j];
        }
        float[] dw = new float[g.weightSize()];
        for (int t = 0; t < taps; t++) {
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) dw[(co * cin + ci) * taps + t] = sum[(t * cout + co) * cin + ci];
            }
        }
        return new Storage.F32(dw);
    }

    /** A per-thread float buffer of at least size elements (slot 0 or 1), contents undefined. */
    private static float[] floats(int slot, int size) {
        float[][] buffers = FLOATS.get();
        if (buffers[slot] == null || buffers[slot].length < size) buffers[slot] = new float[size];
        return buffers[slot];
    }

    private static Storage scratch(DType dtype, int size) {
        Storage[] buffers = SCRATCH.get();
        int slot = dtype == DType.FLOAT32 ? 0 : 1;
        if (buffers[slot] == null || buffers[slot].size() < size) buffers[slot] = Storage.allocate(dtype, size);
        return buffers[slot];
    }

    private static void im2col(ConvGeometry g, Storage x, int xOff, Storage col) {
        if (x instanceof Storage.F32 f) {
            Im2col.im2col(f.data, xOff, g.cinPerGroup(), g.h(), g.w(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(), g.pw(),
                    g.dh(), g.dw(), ((Storage.F32) col).data, 0);
        } else {
            Im2col.im2col(((Storage.F64) x).data, xOff, g.cinPerGroup(), g.h(), g.w(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(),
                    g.pw(), g.dh(), g.dw(), ((Storage.F64) col).data, 0);
        }
    }

    private static void col2im(ConvGeometry g, Storage col, Storage x, int xOff) {
        if (x instanceof Storage.F32 f) {
            Im2col.col2im(((Storage.F32) col).data, 0, g.cinPerGroup(), g.h(), g.w(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(),
                    g.pw(), g.dh(), g.dw(), f.data, xOff);
        } else {
            Im2col.col2im(((Storage.F64) col).data, 0, g.cinPerGroup(), g.h(), g.w(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(),
                    g.pw(), g.dh(), g.dw(), ((Storage.F64) x).data, xOff);
        }
    }

    private static void gemm(boolean transA, boolean transB, int m, int n, int k, Storage a, int aOff, int lda,
                             Storage b, int bOff, int ldb, double beta, Storage c, int cOff, int ldc) {
        if (c instanceof Storage.F32 cf) {
            Gemm.sgemm(transA, transB, m, n, k, 1f, ((Storage.F32) a).data, aOff, lda, ((Storage.F32) b).data, bOff, ldb,
                    (float) beta, cf.data, cOff, ldc);
        } else {
            Gemm.dgemm(transA, transB, m, n, k, 1.0, ((Storage.F64) a).data, aOff, lda, ((Storage.F64) b).data, bOff, ldb,
                    beta, ((Storage.F64) c).data, cOff, ldc);
        }
    }
}
