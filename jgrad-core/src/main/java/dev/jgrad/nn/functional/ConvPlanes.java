package dev.jgrad.nn.functional;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * One image's zero-padded input planes as the float32 direct and per-tap convolution kernels read
 * them. Each channel is padded to (hp, wp) and split into sh·sw stride phases: phase (a, b) holds
 * rows a, a + sh, … and columns b, b + sw, … of the padded plane, in rows of wq. Output (oy, ox)
 * of tap (ki, kj) reads phase (ki mod sh, kj mod sw) at row oy + ki / sh, column ox + kj / sw, so
 * every tap reads a phase at a constant shift from output position p = oy·wq + ox: the output is
 * laid out in rows of wq, of which the last wq − ow columns are junk. A stride-1 convolution has
 * one phase, the padded plane itself; a stride-2 one reads four planes a quarter the size, so its
 * kernels do no more work than the output needs, where im2col would copy every window.
 */
final class ConvPlanes {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private final ConvGeometry g;
    /** Row length of a phase plane and of the output's layout. */
    private final int wq;
    /** Floats per phase plane, and per input channel (all its phases, then a gap: see {@link #channelStride}). */
    private final int phase, channel;
    /** Output positions up to the last real one: (oh − 1)·wq + ow. */
    private final int span;
    // Per column phase b (strided only): the first image column it holds, how many, where they start
    // in the channel's phases, and the gather index map of the run's last vector.
    private final int[] first, count, column;
    private final int[][] lastMap;
    /** The gather index map of a whole vector of a strided run. */
    private final int[] fullMap;

    ConvPlanes(ConvGeometry g) {
        this.g = g;
        int sh = g.sh(), sw = g.sw(), hq = ceilDiv(g.h() + 2 * g.ph(), sh);
        wq = ceilDiv(g.w() + 2 * g.pw(), sw);
        phase = hq * wq;
        channel = channelStride(sh * sw * phase);
        span = (g.oh() - 1) * wq + g.ow();
        first = new int[sw];
        count = new int[sw];
        column = new int[sw];
        lastMap = new int[sw][];
        for (int b = 0; b < sw; b++) {
            first[b] = Math.floorMod(b - g.pw(), sw);
            count[b] = (g.w() - first[b] + sw - 1) / sw;
            column[b] = b * phase + (first[b] + g.pw()) / sw;
            lastMap[b] = strideMap(sw, count[b] == 0 ? 0 : (count[b] - 1) % F.length() + 1);
        }
        fullMap = strideMap(sw, F.length());
    }

    ConvGeometry g() {
        return g;
    }

    int wq() {
        return wq;
    }

    int channel() {
        return channel;
    }

    int span() {
        return span;
    }

    /** Floats of all input channels' planes. */
    int size() {
        return g.cin() * channel;
    }

    /** Where tap (ki, kj) of input channel ci reads output position 0. */
    int offset(int ci, int ki, int kj) {
        int sh = g.sh(), sw = g.sw();
        return ci * channel + ((ki % sh) * sw + kj % sw) * phase + (ki / sh) * wq + kj / sw;
    }

    /**
     * Copies one image (cin, h, w) into the planes' interiors. Borders and the phases' spare cells
     * are never written, so zeroing the planes once serves every image of a chunk.
     */
    void scatter(float[] x, int xOff, float[] planes) {
        move(x, xOff, planes, true);
    }

    /** Copies the planes' interiors out to one image (cin, h, w): the inverse of {@link #scatter}. */
    void gather(float[] planes, float[] x, int xOff) {
        move(x, xOff, planes, false);
    }

    private void move(float[] x, int xOff, float[] planes, boolean scatter) {
        int h = g.h(), w = g.w(), sh = g.sh(), sw = g.sw();
        if (sh == 1 && sw == 1) {
            for (int ci = 0; ci < g.cin(); ci++) {
                int at = ci * channel + g.ph() * wq + g.pw();
                if (scatter) ConvKernels.copyRows(x, xOff + ci * h * w, w, planes, at, wq, h, w);
                else ConvKernels.copyRows(planes, at, wq, x, xOff + ci * h * w, w, h, w);
            }
            return;
        }
        // Each image row meets every column phase in a strided run: vector gathers from the row
        // against contiguous loads in the phase. Back to the row, two column phases are zipped in
        // registers, more go by vector scatters (several times slower). No division per row: they
        // would cost more than the row's copy.
        int even = g.pw() % sw; // the column phase that holds the row's first column when sw = 2
        for (int ci = 0; ci < g.cin(); ci++) {
            int a = g.ph() % sh, row = g.ph() / sh;
            for (int y = 0; y < h; y++) {
                int rowStart = xOff + (ci * h + y) * w, phaseRow = ci * channel + a * sw * phase + row * wq;
                if (!scatter && sw == 2) {
                    zipRow(planes, phaseRow + column[even], phaseRow + column[1 - even], x, rowStart, w);
                } else {
                    for (int b = 0; b < sw; b++) {
                        if (scatter) gatherRun(x, rowStart + first[b], sw, count[b], fullMap, lastMap[b], planes, phaseRow + column[b]);
                        else scatterRun(planes, phaseRow + column[b], count[b], fullMap, lastMap[b], x, rowStart + first[b], sw);
                    }
                }
                if (++a == sh) {
                    a = 0;
                    row++;
                }
            }
        }
    }

    /** Lane selections from two vectors (indices L and up: the second) that zip two rows of L into one of 2L. */
    private static final FloatVector ZIP_LOW = lanes(i -> i % 2 * F.length() + i / 2),
            ZIP_HIGH = lanes(i -> i % 2 * F.length() + (F.length() + i) / 2);

    /** A vector whose lane i holds index(i): the lane selections of {@code FloatVector.selectFrom}. */
    static FloatVector lanes(IntUnaryOperator index) {
        float[] lanes = new float[F.length()];
        for (int i = 0; i < lanes.length; i++) lanes[i] = index.applyAsInt(i);
        return FloatVector.fromArray(F, lanes, 0);
    }

    /**
     * x[at + 2j] = planes[evenAt + j] and x[at + 2j + 1] = planes[oddAt + j] for columns below w: a
     * stride-2 row's two column phases zipped back into it, 2L columns at a time by two lane
     * selections ({@code vpermi2ps}), the last masked. In ResNet's epoch this took 1.1 % of the
     * samples where the scatters took 3.6 %; the other way, splitting a row, the gathers stay (0.2 %
     * against 2.4 % split in registers).
     */
    private static void zipRow(float[] planes, int evenAt, int oddAt, float[] x, int at, int w) {
        int l = F.length();
        for (int j = 0; j < w; j += 2 * l) {
            int left = w - j;
            FloatVector evens = FloatVector.fromArray(F, planes, evenAt + j / 2, F.indexInRange(0, (left + 1) / 2)),
                    odds = FloatVector.fromArray(F, planes, oddAt + j / 2, F.indexInRange(0, left / 2));
            ZIP_LOW.selectFrom(evens, odds).intoArray(x, at + j, F.indexInRange(0, left));
            ZIP_HIGH.selectFrom(evens, odds).intoArray(x, at + j + l, F.indexInRange(l, left));
        }
    }

    /** planes[at + j] = x[from + j·s] for j below count. */
    private static void gatherRun(float[] x, int from, int s, int count, int[] fullMap, int[] lastMap, float[] planes, int at) {
        if (count == 0) return; // a row of one column has no odd one
        int j = 0;
        for (; j + F.length() < count; j += F.length()) FloatVector.fromArray(F, x, from + j * s, fullMap, 0).intoArray(planes, at + j);
        FloatVector.fromArray(F, x, from + j * s, lastMap, 0).intoArray(planes, at + j, F.indexInRange(0, count - j));
    }

    /** x[from + j·s] = planes[at + j] for j below count. */
    private static void scatterRun(float[] planes, int at, int count, int[] fullMap, int[] lastMap, float[] x, int from, int s) {
        if (count == 0) return;
        int j = 0;
        for (; j + F.length() < count; j += F.length()) FloatVector.fromArray(F, planes, at + j).intoArray(x, from + j * s, fullMap, 0);
        VectorMask<Float> m = F.indexInRange(0, count - j);
        FloatVector.fromArray(F, planes, at + j, m).intoArray(x, from + j * s, lastMap, 0, m);
    }

    /**
     * Lane i reads i·s for i below lanes and 0 past them, so that no lane's index leaves the row: the
     * JDK checks every lane's index of a gather or scatter, masked or not.
     */
    static int[] strideMap(int s, int lanes) {
        return IntStream.range(0, F.length()).map(i -> i < lanes ? i * s : 0).toArray();
    }

    /**
     * The distance between input channels: their floats rounded up to an odd number of cache lines.
     * A product row reads one window position of every channel in turn, and at a power-of-two
     * distance (16 x 16 planes are 1 KB) those reads share a few cache sets and evict each other:
     * the 64-channel 14 x 14 forward's product ran at 118 GFLOPS on one core with 256 floats per
     * channel and at 157 with 272. The gap is never written, so it stays zero like the borders.
     */
    private static int channelStride(int floats) {
        int lines = ceilDiv(floats, 16);
        return (lines | 1) * 16;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
