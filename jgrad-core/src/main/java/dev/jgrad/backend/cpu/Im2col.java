package dev.jgrad.backend.cpu;

import java.util.Arrays;

/**
 * Patch unfolding for 2-D convolution (NCHW, one image). {@code im2col} turns x (c, h, w) into a
 * row-major (c*kh*kw) x (oh*ow) matrix whose row (ci*kh + ki)*kw + kj holds
 * x[ci, oy*sh - ph + ki*dh, ox*sw - pw + kj*dw] (0 outside the image); {@code col2im} is its adjoint and
 * adds the columns back into x. For each (row, oy) the in-image ox form one interval, computed up front,
 * so the inner loops carry no bounds tests and stride 1 becomes a plain array copy.
 */
public final class Im2col {
    private Im2col() {}

    /** Output elements per parallel chunk below which threading does not pay. */
    private static final int GRAIN = 1 << 15;

    public static int outSize(int in, int k, int stride, int pad, int dilation) {
        return (in + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
    }

    /** First ox whose input column ox*sw + off lies inside [0, w). */
    private static int firstValid(int off, int sw, int ow) {
        return Math.min(ow, Math.max(0, Math.ceilDiv(-off, sw)));
    }

    /** One past the last ox whose input column lies inside [0, w). */
    private static int endValid(int off, int sw, int w, int ow) {
        return Math.min(ow, Math.max(0, Math.floorDiv(w - 1 - off, sw) + 1));
    }

    // ---------------------------------------------------------------- float

    public static void im2col(float[] x, int xOff, int c, int h, int w, int kh, int kw, int sh, int sw,
                              int ph, int pw, int dh, int dw, float[] col, int colOff) {
        int oh = outSize(h, kh, sh, ph, dh), ow = outSize(w, kw, sw, pw, dw);
        if (oh <= 0 || ow <= 0) return;
        int perChannel = kh * kw * oh * ow;
        Parallel.forRange(c, Math.max(1, GRAIN / perChannel), (from, to) -> {
            for (int ci = from; ci < to; ci++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int row = colOff + ((ci * kh + ki) * kw + kj) * oh * ow;
                        int off = kj * dw - pw, lo = firstValid(off, sw, ow), hi = Math.max(lo, endValid(off, sw, w, ow));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - ph + ki * dh, dst = row + oy * ow;
                            if (iy < 0 || iy >= h) {
                                Arrays.fill(col, dst, dst + ow, 0f);
                                continue;
                            }
                            int src = xOff + (ci * h + iy) * w + off;
                            Arrays.fill(col, dst, dst + lo, 0f);
                            if (sw == 1) { if (hi > lo) System.arraycopy(x, src + lo, col, dst + lo, hi - lo); }
                            else for (int ox = lo; ox < hi; ox++) col[dst + ox] = x[src + ox * sw];
                            Arrays.fill(col, dst + hi, dst + ow, 0f);
                        }
                    }
                }
            }
        });
    }

    /** x += col2im(col): the adjoint of {@link #im2col}, used for the input gradient. */
    public static void col2im(float[] col, int colOff, int c, int h, int w, int kh, int kw, int sh, int sw,
                              int ph, int pw, int dh, int dw, float[] x, int xOff) {
        int oh = outSize(h, kh, sh, ph, dh), ow = outSize(w, kw, sw, pw, dw);
        if (oh <= 0 || ow <= 0) return;
        int perChannel = kh * kw * oh * ow;
        // Channels write disjoint planes of x, so splitting over them needs no synchronisation.
        Parallel.forRange(c, Math.max(1, GRAIN / perChannel), (from, to) -> {
            for (int ci = from; ci < to; ci++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int row = colOff + ((ci * kh + ki) * kw + kj) * oh * ow;
                        int off = kj * dw - pw, lo = firstValid(off, sw, ow), hi = Math.max(lo, endValid(off, sw, w, ow));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - ph + ki * dh;
                            if (iy < 0 || iy >= h) continue;
                            int src = row + oy * ow, dst = xOff + (ci * h + iy) * w + off;
                            if (sw == 1) for (int ox = lo; ox < hi; ox++) x[dst + ox] += col[src + ox];
                            else for (int ox = lo; ox < hi; ox++) x[dst + ox * sw] += col[src + ox];
                        }
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------- double

    public static void im2col(double[] x, int xOff, int c, int h, int w, int kh, int kw, int sh, int sw,
                              int ph, int pw, int dh, int dw, double[] col, int colOff) {
        int oh = outSize(h, kh, sh, ph, dh), ow = outSize(w, kw, sw, pw, dw);
        if (oh <= 0 || ow <= 0) return;
        int perChannel = kh * kw * oh * ow;
        Parallel.forRange(c, Math.max(1, GRAIN / perChannel), (from, to) -> {
            for (int ci = from; ci < to; ci++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int row = colOff + ((ci * kh + ki) * kw + kj) * oh * ow;
                        int off = kj * dw - pw, lo = firstValid(off, sw, ow), hi = Math.max(lo, endValid(off, sw, w, ow));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - ph + ki * dh, dst = row + oy * ow;
                            if (iy < 0 || iy >= h) {
                                Arrays.fill(col, dst, dst + ow, 0.0);
                                continue;
                            }
                            int src = xOff + (ci * h + iy) * w + off;
                            Arrays.fill(col, dst, dst + lo, 0.0);
                            if (sw == 1) { if (hi > lo) System.arraycopy(x, src + lo, col, dst + lo, hi - lo); }
                            else for (int ox = lo; ox < hi; ox++) col[dst + ox] = x[src + ox * sw];
                            Arrays.fill(col, dst + hi, dst + ow, 0.0);
                        }
                    }
                }
            }
        });
    }

    public static void col2im(double[] col, int colOff, int c, int h, int w, int kh, int kw, int sh, int sw,
                              int ph, int pw, int dh, int dw, double[] x, int xOff) {
        int oh = outSize(h, kh, sh, ph, dh), ow = outSize(w, kw, sw, pw, dw);
        if (oh <= 0 || ow <= 0) return;
        int perChannel = kh * kw * oh * ow;
        Parallel.forRange(c, Math.max(1, GRAIN / perChannel), (from, to) -> {
            for (int ci = from; ci < to; ci++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int row = colOff + ((ci * kh + ki) * kw + kj) * oh * ow;
                        int off = kj * dw - pw, lo = firstValid(off, sw, ow), hi = Math.max(lo, endValid(off, sw, w, ow));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - ph + ki * dh;
                            if (iy < 0 || iy >= h) continue;
                            int src = row + oy * ow, dst = xOff + (ci * h + iy) * w + off;
                            if (sw == 1) for (int ox = lo; ox < hi; ox++) x[dst + ox] += col[src + ox];
                            else for (int ox = lo; ox < hi; ox++) x[dst + ox * sw] += col[src + ox];
                        }
                    }
                }
            }
        });
    }
}
