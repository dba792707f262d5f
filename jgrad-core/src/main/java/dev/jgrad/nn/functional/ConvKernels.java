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
 * i.e. transposed convolution) and its adjoint in the weight. No checks and no autograd here.
 */
final class ConvKernels {
    /** One im2col buffer per thread and dtype, grown on demand, so images allocate nothing. */
    private static final ThreadLocal<Storage[]> SCRATCH = ThreadLocal.withInitial(() -> new Storage[2]);

    private ConvKernels() {}

    /** out (n, cout, oh, ow) = conv(x (n, cin, h, w), weight) + bias (nullable, (cout)). */
    static Storage forward(ConvGeometry g, Storage x, int xOff, Storage weight, int wOff, Storage bias, int bOff) {
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

    /** dx (n, cin, h, w) from the column-side gradient (n, cout, oh, ow): the transposed convolution. */
    static Storage inputGradient(ConvGeometry g, Storage gradOut, int gOff, Storage weight, int wOff) {
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
