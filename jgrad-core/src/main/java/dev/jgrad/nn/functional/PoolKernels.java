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
     * among equal values the first (row-major) position wins.
     */
    static Storage[] max(Storage x, int xOff, int planes, PoolWindows rows, PoolWindows cols) {
        int h = rows.size(), w = cols.size(), oh = rows.outputs(), ow = cols.outputs();
        Storage values = Storage.allocate(x.dtype(), planes * oh * ow);
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
