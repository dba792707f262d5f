package dev.jgrad.nn.functional;

import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Storage;

/**
 * Pooling kernels over contiguous (planes, H, W) storage, parallel over planes: window maximum
 * with argmax, and the window average with its adjoint. No checks and no autograd here.
 */
final class PoolKernels {
    private PoolKernels() {}

    /**
     * Maximum of each window and its flat index h * W + w in the plane. NaN wins like in PyTorch;
     * among equal values the first (row-major) position wins. Without {@code withIndices} the
     * indices may be left out (null) where that is faster.
     */
    static Storage[] max(Storage x, int xOff, int planes, PoolWindows rows, PoolWindows cols, boolean withIndices) {
        int h = rows.size(), w = cols.size(), oh = rows.outputs(), ow = cols.outputs();
        Storage values = Storage.allocate(x.dtype(), planes * oh * ow);
        if (x instanceof Storage.F32 xf && rows.isDense() && cols.isDense()) {
            Storage.I64 indices = withIndices ? new Storage.I64(new long[planes * oh * ow]) : null;
            maxDense(xf.data, xOff, planes, rows, cols, ((Storage.F32) values).data, indices == null ? null : indices.data);
            return new Storage[] {values, indices};
        }
        Storage.I64 indices = new Storage.I64(new long[planes * oh * ow]);
        Parallel.forRange(planes, Math.max(1, 4096 / Math.max(1, h * w)), (from, to) -> {
            for (int p = from; p < to; p++) {
                int in = xOff + p * h * w, out = p * oh * ow;
                for (int r = 0; r < oh; r++) {
                    for (int c = 0; c < ow; c++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bestIndex = -1;
                        for (int i = 0; i < rows.taps()[r]; i++) {
                            int y = rows.start()[r] + i * rows.step();
                            if (y < 0 || y >= h) continue;
                            for (int j = 0; j < cols.taps()[c]; j++) {
                                int xx = cols.start()[c] + j * cols.step();
                                if (xx < 0 || xx >= w) continue;
                                double v = x.getDouble(in + y * w + xx);
                                if (bestIndex < 0 || v > best || Double.isNaN(v)) {
                                    best = v;
                                    bestIndex = y * w + xx;
                                }
                            }
                        }
                        values.setDouble(out + r * ow + c, best);
                        indices.data[out + r * ow + c] = bestIndex;
                    }
                }
            }
        });
        return new Storage[] {values, indices};
    }

    /**
     * The float32 maximum for windows that lie wholly inside the plane with adjacent taps (no padding
     * or dilation: the benchmark models' pools), on arrays without per-element bounds tests;
     * indices null computes the values alone.
     */
    private static void maxDense(float[] x, int xOff, int planes, PoolWindows rows, PoolWindows cols, float[] values, long[] indices) {
        int h = rows.size(), w = cols.size(), oh = rows.outputs(), ow = cols.outputs();
        int[] rowStart = rows.start(), colStart = cols.start();
        int kh = rows.taps()[0], kw = cols.taps()[0];
        Parallel.forRange(planes, Math.max(1, 16384 / Math.max(1, h * w)), (from, to) -> {
            for (int p = from; p < to; p++) {
                int in = xOff + p * h * w, out = p * oh * ow;
                for (int r = 0; r < oh; r++) {
                    for (int c = 0; c < ow; c++) {
                        int best = rowStart[r] * w + colStart[c];
                        float bv = x[in + best];
                        for (int i = 0; i < kh; i++) {
                            int row = (rowStart[r] + i) * w + colStart[c];
                            for (int j = 0; j < kw; j++) {
                                float v = x[in + row + j];
                                // a NaN wins, the last one like PyTorch; selects, not branches, as the data is random
                                boolean take = v > bv | v != v;
                                bv = take ? v : bv;
                                best = take ? row + j : best;
                            }
                        }
                        values[out + r * ow + c] = bv;
                        if (indices != null) indices[out + r * ow + c] = best;
                    }
                }
            }
        });
    }

    /**
     * The adjoint of max pooling: dx (planes, plane) with each output gradient added at its argmax,
     * float32 or float64 like g.
     */
    static Storage maxAdjoint(Storage g, int gOff, long[] indices, int planes, int plane, int outPlane) {
        Storage dx = Storage.allocate(g.dtype(), planes * plane);
        Parallel.forRange(planes, Math.max(1, 16384 / Math.max(1, plane)), (from, to) -> {
            if (g instanceof Storage.F32 gf) {
                float[] d = ((Storage.F32) dx).data, gd = gf.data;
                for (int p = from; p < to; p++) {
                    for (int o = p * outPlane, end = o + outPlane; o < end; o++) d[p * plane + (int) indices[o]] += gd[gOff + o];
                }
            } else {
                for (int p = from; p < to; p++) {
                    for (int o = p * outPlane, end = o + outPlane; o < end; o++) {
                        int i = p * plane + (int) indices[o];
                        dx.setDouble(i, dx.getDouble(i) + g.getDouble(gOff + o));
                    }
                }
            }
        });
        return dx;
    }

    /** out[o] = sum of window o / (divRows[r] * divCols[c]); empty windows give 0. */
    static Storage average(Storage x, int xOff, int planes, PoolWindows rows, PoolWindows cols, int[] divRows, int[] divCols) {
        int h = rows.size(), w = cols.size(), oh = rows.outputs(), ow = cols.outputs();
        Storage out = Storage.allocate(x.dtype(), planes * oh * ow);
        Parallel.forRange(planes, Math.max(1, 4096 / Math.max(1, h * w)), (from, to) -> {
            for (int p = from; p < to; p++) {
                int in = xOff + p * h * w, o = p * oh * ow;
                for (int r = 0; r < oh; r++) {
                    for (int c = 0; c < ow; c++) {
                        double sum = 0;
                        for (int i = 0; i < rows.taps()[r]; i++) {
                            int y = rows.start()[r] + i * rows.step();
                            if (y < 0 || y >= h) continue;
                            for (int j = 0; j < cols.taps()[c]; j++) {
                                int xx = cols.start()[c] + j * cols.step();
                                if (xx >= 0 && xx < w) sum += x.getDouble(in + y * w + xx);
                            }
                        }
                        int div = divRows[r] * divCols[c];
                        out.setDouble(o + r * ow + c, div == 0 ? 0 : sum / div);
                    }
                }
            }
        });
        return out;
    }

    /** The adjoint of {@link #average}: spreads each output gradient over its window. */
    static Storage averageAdjoint(Storage g, int gOff, int planes, PoolWindows rows, PoolWindows cols, int[] divRows, int[] divCols,
                                  DType dtype) {
        int h = rows.size(), w = cols.size(), oh = rows.outputs(), ow = cols.outputs();
        Storage dx = Storage.allocate(dtype, planes * h * w);
        Parallel.forRange(planes, Math.max(1, 4096 / Math.max(1, h * w)), (from, to) -> {
            for (int p = from; p < to; p++) {
                int in = p * h * w, o = gOff + p * oh * ow;
                for (int r = 0; r < oh; r++) {
                    for (int c = 0; c < ow; c++) {
                        int div = divRows[r] * divCols[c];
                        if (div == 0) continue;
                        double share = g.getDouble(o + r * ow + c) / div;
                        for (int i = 0; i < rows.taps()[r]; i++) {
                            int y = rows.start()[r] + i * rows.step();
                            if (y < 0 || y >= h) continue;
                            for (int j = 0; j < cols.taps()[c]; j++) {
                                int xx = cols.start()[c] + j * cols.step();
                                if (xx >= 0 && xx < w) dx.setDouble(in + y * w + xx, dx.getDouble(in + y * w + xx) + share);
                            }
                        }
                    }
                }
            }
        });
        return dx;
    }
}
