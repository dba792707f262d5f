package dev.jgrad.nn.functional;

import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Storage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.function.IntUnaryOperator;

/**
 * Pooling kernels over contiguous (planes, H, W) storage, parallel over planes: window maximum
 * with argmax (vectorised for float32 2x2 windows at stride 2), and the window average with its
 * adjoint. No checks and no autograd here. Vector helpers are written out where they are used,
 * not called: C2 does not inline a method it has already compiled on its own once that code is
 * large ("already compiled into a big method"), which depends on the order of compilation, and
 * vectors or masks passed to a call that is not inlined are boxed on the heap at every call (the
 * pools' backward allocated 60 MB a cnn batch that way in some runs and 3 in others).
 */
final class PoolKernels {
    private PoolKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Window positions 2·row + column as lanes. */
    private static final FloatVector TOP_LEFT = FloatVector.broadcast(F, 0), TOP_RIGHT = FloatVector.broadcast(F, 1),
            BOTTOM_LEFT = FloatVector.broadcast(F, 2), BOTTOM_RIGHT = FloatVector.broadcast(F, 3);
    /** The position of a window that passes no gradient (its maximum was cut by a ReLU). */
    private static final FloatVector NONE = FloatVector.broadcast(F, 4);
    /** Lane indices into two concatenated vectors: their even and odd elements, and the two halves of their interleaving. */
    private static final FloatVector EVEN = laneIndices(i -> 2 * i), ODD = laneIndices(i -> 2 * i + 1),
            INTERLEAVE_LOW = laneIndices(i -> i / 2 + (i % 2) * L), INTERLEAVE_HIGH = laneIndices(i -> L / 2 + i / 2 + (i % 2) * L);
    /** Output elements per parallel chunk of the 2x2 kernels. */
    private static final int PAIRS_GRAIN = 1 << 13;

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
     * Max pooling with 2x2 windows at stride 2 (the benchmark models' pools) of float32 planes
     * (planes, h, w), vectorised: each output row takes the maxima of horizontal pairs in its two
     * input rows, then the larger of the two. An odd last row or column is left out, like PyTorch.
     * The pairwise order keeps the rule of {@link #max}: the last NaN, else the first maximum in
     * row-major order (horizontal pairs first, so a tie between rows goes to the top one). Where
     * {@code positions} is non-null it receives each maximum's place in its window, 2·row + column
     * (0 to 3), as a float so that all masks stay in one species: all that {@link #maxPairsAdjoint}
     * needs. With {@code relu} the outputs are max(·, 0) and a window whose maximum is not positive
     * (NaN included, like ReLU's gradient) gets position {@link #NONE}, so no gradient. Scalar code
     * would branch on random data. The per-vector method takes the window count, not masks: it is
     * too large for C2 to inline, and vectors or masks passed to a call that is not inlined are
     * boxed on the heap at every call.
     */
    static Storage maxPairs(float[] x, int xOff, int planes, int h, int w, float[] positions, boolean relu) {
        int oh = h / 2, ow = w / 2;
        float[] out = Storage.floatsForOverwrite(planes * oh * ow);
        Parallel.forRange(planes * oh, Math.max(1, PAIRS_GRAIN / ow), (from, to) -> {
            for (int row = from; row < to; row++) {
                int top = xOff + (row / oh) * h * w + (row % oh) * 2 * w;
                for (int c = 0; c < ow; c += L) maxPairs(x, top + 2 * c, w, Math.min(L, ow - c), out, row * ow + c, positions, relu);
            }
        });
        return new Storage.F32(out);
    }

    /** Up to L windows of one output row whose top-left corners are 2 apart from x[at] (rows w apart). */
    private static void maxPairs(float[] x, int at, int w, int windows, float[] out, int o, float[] positions, boolean relu) {
        VectorMask<Float> first = F.indexInRange(0, 2 * windows), second = F.indexInRange(L, 2 * windows);
        VectorMask<Float> outputs = F.indexInRange(0, windows);
        FloatVector t0 = FloatVector.fromArray(F, x, at, first), t1 = FloatVector.fromArray(F, x, at + L, second);
        FloatVector b0 = FloatVector.fromArray(F, x, at + w, first), b1 = FloatVector.fromArray(F, x, at + w + L, second);
        FloatVector topLeft = EVEN.selectFrom(t0, t1), topRight = ODD.selectFrom(t0, t1);
        FloatVector bottomLeft = EVEN.selectFrom(b0, b1), bottomRight = ODD.selectFrom(b0, b1);
        // The later of two candidates wins where larger, or NaN (the last NaN wins, like max). Written
        // out, not a helper: see the class comment on vectors passed to calls.
        VectorMask<Float> topRightWins = topRight.compare(VectorOperators.GT, topLeft).or(topRight.compare(VectorOperators.NE, topRight));
        VectorMask<Float> bottomRightWins = bottomRight.compare(VectorOperators.GT, bottomLeft)
                .or(bottomRight.compare(VectorOperators.NE, bottomRight));
        FloatVector upper = topLeft.blend(topRight, topRightWins), lower = bottomLeft.blend(bottomRight, bottomRightWins);
        VectorMask<Float> lowerWins = lower.compare(VectorOperators.GT, upper).or(lower.compare(VectorOperators.NE, lower));
        FloatVector max = upper.blend(lower, lowerWins);
        (relu ? max.max(0f) : max).intoArray(out, o, outputs);
        if (positions != null) {
            FloatVector top = TOP_LEFT.blend(TOP_RIGHT, topRightWins), bottom = BOTTOM_LEFT.blend(BOTTOM_RIGHT, bottomRightWins);
            FloatVector position = top.blend(bottom, lowerWins);
            (relu ? NONE.blend(position, max.compare(VectorOperators.GT, 0f)) : position).intoArray(positions, o, outputs);
        }
    }

    /**
     * The adjoint of {@link #maxPairs}: dx (planes, h, w) with each output gradient at the window
     * position that {@code positions} names, and zero elsewhere (no scatter: dx is written whole).
     */
    static Storage maxPairsAdjoint(float[] positions, float[] g, int gOff, int planes, int h, int w) {
        int oh = h / 2, ow = w / 2;
        float[] dx = Storage.floatsForOverwrite(planes * h * w);
        Parallel.forRange(planes * oh, Math.max(1, PAIRS_GRAIN / ow), (from, to) -> {
            for (int row = from; row < to; row++) {
                int top = (row / oh) * h * w + (row % oh) * 2 * w;
                for (int c = 0; c < ow; c += L) {
                    maxPairsAdjoint(positions, row * ow + c, g, gOff + row * ow + c, Math.min(L, ow - c), dx, top + 2 * c, w);
                }
            }
        });
        return new Storage.F32(dx);
    }

    /** Up to L windows of {@link #maxPairsAdjoint}: gradients g[gAt...] to dx around dx[at] (rows w apart). */
    private static void maxPairsAdjoint(float[] positions, int o, float[] g, int gAt, int windows, float[] dx, int at, int w) {
        VectorMask<Float> first = F.indexInRange(0, 2 * windows), second = F.indexInRange(L, 2 * windows);
        VectorMask<Float> outputs = F.indexInRange(0, windows);
        FloatVector grad = FloatVector.fromArray(F, g, gAt, outputs), zero = FloatVector.zero(F);
        FloatVector position = FloatVector.fromArray(F, positions, o, outputs);
        FloatVector topLeft = zero.blend(grad, position.eq(TOP_LEFT)), topRight = zero.blend(grad, position.eq(TOP_RIGHT));
        FloatVector bottomLeft = zero.blend(grad, position.eq(BOTTOM_LEFT)), bottomRight = zero.blend(grad, position.eq(BOTTOM_RIGHT));
        // Interleaved: left[0], right[0], left[1], ... (written out: see the class comment).
        INTERLEAVE_LOW.selectFrom(topLeft, topRight).intoArray(dx, at, first);
        INTERLEAVE_HIGH.selectFrom(topLeft, topRight).intoArray(dx, at + L, second);
        INTERLEAVE_LOW.selectFrom(bottomLeft, bottomRight).intoArray(dx, at + w, first);
        INTERLEAVE_HIGH.selectFrom(bottomLeft, bottomRight).intoArray(dx, at + w + L, second);
    }

    /** The flat indices h·W + w in their planes of the maxima that {@link #maxPairs} placed in {@code positions}. */
    static Storage.I64 pairIndices(float[] positions, int planes, int h, int w) {
        int oh = h / 2, ow = w / 2;
        long[] indices = new long[positions.length];
        for (int o = 0; o < indices.length; o++) {
            int r = o / ow % oh, c = o % ow, position = (int) positions[o] & 3; // NONE (4): the top left, whose gradient the caller masks
            indices[o] = (long) (2 * r + position / 2) * w + 2 * c + position % 2;
        }
        return new Storage.I64(indices);
    }

    private static FloatVector laneIndices(IntUnaryOperator index) {
        float[] lanes = new float[L];
        for (int i = 0; i < L; i++) lanes[i] = index.applyAsInt(i);
        return FloatVector.fromArray(F, lanes, 0);
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
