package dev.jgrad.nn.functional;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.stream.IntStream;

/**
 * Float32 convolution products of one image over its {@link ConvPlanes} (zero-padded, split into
 * stride phases), without im2col or one GEMM per window tap. Output position p (in rows of wq, of
 * which the last few columns are junk) reads the planes at p + {@link ConvPlanes#offset} for tap
 * (ki, kj) of channel ci, so the forward is a GEMM of depth cin·kh·kw whose B operand is read in place (see
 * {@link Rows}); the input gradient is its transpose and the weight gradient its other adjoint.
 * One GEMM per window tap would have depth cin (1 for a first layer) and spend its time in call
 * and packing overhead, and even at 32 and 64 channels OpenBLAS serves such products with its
 * small-matrix kernels at half the speed of one register-tiled pass over all taps; the weight
 * gradient of deep layers with output channels that fill no {@link ChannelLaneKernels} block still
 * takes per-tap GEMMs (see {@link #MAX_ADJOINT_DEPTH}). No checks, no threads:
 * the callers split images over the pool.
 */
final class DirectConvKernels {
    private DirectConvKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Register tile of {@link #product}: MR rows x NR positions. */
    static final int MR = 6, NR = 2 * L;
    /** The row starts of a tile buffer for {@link #productTile}: MR rows of NR. */
    private static final int[] TILE_ROWS = IntStream.range(0, MR).map(r -> r * NR).toArray();
    /** One tile buffer per thread, so that products with masked lanes allocate nothing per image. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    /** Register tile of {@link #weightGradientByChannels}: KR window rows x L output channels. */
    static final int KR = 12;
    /**
     * Deepest product (cin·kh·kw) whose adjoints take these kernels: the input gradient of a stride-1
     * convolution (the transposed product, cout deep, adding into overlapping rows) and the weight
     * gradient. Deeper ones have channels enough for the forward product of the flipped weight and
     * for per-tap GEMMs to do as well (measured about even from 16 channels of 3x3 on). The
     * forward product itself takes these kernels at any depth: at 288 and 576 (32 and 64 channels
     * of 3x3) it ran as fast as or faster than per-tap GEMMs in OpenBLAS's small-matrix kernels.
     */
    private static final int MAX_ADJOINT_DEPTH = 256;
    /** Floats of planes and gradient that the weight-gradient kernels may stream from L1 (32 KB). */
    private static final int L1_FLOATS = 8192;

    /** Whether the stride-1 input gradient and the weight gradient of a product this deep take these kernels. */
    static boolean suitsAdjoints(int depth) {
        return depth <= MAX_ADJOINT_DEPTH;
    }

    /**
     * Whether the weight gradient takes {@link #weightGradientByPositions}: one tile of at most MR
     * output channels, and one image's planes and gradient rows, this many floats, in L1.
     */
    static boolean suitsWeightGradientByPositions(int depth, int cout, int floats) {
        return suitsAdjoints(depth) && cout <= MR && floats <= L1_FLOATS;
    }

    /**
     * Whether the weight gradient takes {@link #weightGradientByChannels}: one image's planes and
     * transposed gradient, this many floats, in L1 (its tiles stream both for every KR rows), and
     * depth enough to pay for transposing the gradient (cout·oh·ow scalar moves against
     * cout·oh·ow·depth / L vector multiply-adds).
     */
    static boolean suitsWeightGradientByChannels(int depth, int floats) {
        return suitsAdjoints(depth) && depth >= 4 * L && floats <= L1_FLOATS;
    }

    /** n rounded up to a multiple of m. */
    static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }

    /**
     * The rows of a product over a convolution's window: row k reads (or, transposed, writes) the
     * planes at {@code offsets[k]} with the weights of {@code weightIndex[k]} = ci·kh·kw + ki·kw + kj.
     * Channels are innermost, then window rows, so that consecutive rows touch different planes or
     * rows: rows that overlap by all but one element, added back to back, stall store-to-load
     * forwarding. Both arrays are padded to a multiple of KR (so also of MR) rows with index 0,
     * offset 0.
     */
    record Rows(int depth, int[] weightIndex, int[] offsets) {}

    static Rows rows(ConvPlanes planes) {
        ConvGeometry g = planes.g();
        int cin = g.cin(), kh = g.kh(), kw = g.kw(), depth = cin * kh * kw;
        int[] weightIndex = new int[roundUp(depth, KR)], offsets = new int[weightIndex.length];
        for (int k = 0; k < depth; k++) {
            int ci = k % cin, ki = k / cin % kh, kj = k / (cin * kh);
            weightIndex[k] = (ci * kh + ki) * kw + kj;
            offsets[k] = planes.offset(ci, ki, kj);
        }
        return new Rows(depth, weightIndex, offsets);
    }

    /** Starts r·stride for r below n rounded up to MR: the rows of a plain matrix. */
    static int[] rowStarts(int n, int stride) {
        int[] starts = new int[roundUp(n, MR)];
        for (int r = 0; r < starts.length; r++) starts[r] = r * stride;
        return starts;
    }

    /**
     * Like {@link #rowStarts}, with the rows past n starting where row n − 1 does. A product into a
     * matrix of exactly n rows takes A packed from these rows and stores C at them: the spare rows
     * of the last tile compute row n − 1 again and store the same values over it.
     */
    static int[] lastRowRepeated(int n, int stride) {
        int[] starts = new int[roundUp(n, MR)];
        for (int r = 0; r < starts.length; r++) starts[r] = Math.min(r, n - 1) * stride;
        return starts;
    }

    /**
     * The matrix A (rows x cols) with A[r][c] = a[off + rowStart[r] + colStart[c]] as MR-row slivers
     * (rows / MR, cols, MR) for {@link #product}, zero-padded to whole slivers, into {@code packed}
     * (at least {@link #packedSize} floats; returned).
     */
    static float[] pack(float[] a, int off, int rows, int[] rowStart, int cols, int[] colStart, float[] packed) {
        for (int r = 0, padded = roundUp(rows, MR); r < padded; r++) {
            int base = r / MR * cols * MR + r % MR;
            if (r >= rows) {
                for (int c = 0; c < cols; c++) packed[base + c * MR] = 0f;
            } else {
                for (int c = 0; c < cols; c++) packed[base + c * MR] = a[off + rowStart[r] + colStart[c]];
            }
        }
        return packed;
    }

    static int packedSize(int rows, int cols) {
        return roundUp(rows, MR) * cols;
    }

    /**
     * The positions of a product's C rows, NR (two vectors) a tile: vector v of tile t reads B rows
     * at offset from[2t + v], writes C rows at to[2t + v], and only its first lanes[2t + v] lanes.
     */
    record Columns(int[] from, int[] to, int[] lanes) {}

    /** Positions 0 to span rounded up to NR, read and written at the same offsets. */
    static Columns columns(int span) {
        int vectors = roundUp(span, NR) / L;
        int[] at = new int[vectors], lanes = new int[vectors];
        for (int v = 0; v < vectors; v++) {
            at[v] = v * L;
            lanes[v] = L;
        }
        return new Columns(at, at, lanes);
    }

    /**
     * The (oh, ow) output of a product whose B rows are laid out in rows of wq (see {@link ConvPlanes}):
     * each output row in whole vectors, masked past ow, so that C is the output image itself rather
     * than a wq-wide layout to be copied out of. Null where that would compute more than two lanes a
     * row beyond what the wq-wide layout computes ({@link #columns}): rows much narrower than a vector.
     */
    static Columns imageColumns(int oh, int ow, int wq) {
        if (roundUp(ow, L) - ow > wq - ow + L / 8) return null;
        int perRow = roundUp(ow, L) / L, vectors = roundUp(oh * perRow, 2);
        int[] from = new int[vectors], to = new int[vectors], lanes = new int[vectors]; // an odd last vector stays empty
        for (int oy = 0, v = 0; oy < oh; oy++) {
            for (int col = 0; col < ow; col += L, v++) {
                from[v] = oy * wq + col;
                to[v] = oy * ow + col;
                lanes[v] = Math.min(L, ow - col);
            }
        }
        return new Columns(from, to, lanes);
    }

    /**
     * C = A·B over MR x NR register tiles, with A packed by {@link #pack} (rows x depth), B row k read
     * at b[bRows[k] + columns.from] and C row r written at c[cOff + cRows[r] + columns.to], only the
     * columns' lanes (b must be readable a whole vector past each from), for r below rows rounded up
     * to MR. With {@code accumulate} C is added into c row by row, in order, so rows whose ranges
     * overlap (the taps of a transposed convolution) add up; otherwise stored.
     */
    static void product(float[] packed, int rows, int depth, float[] b, int[] bRows, Columns columns, float[] c, int cOff, int[] cRows,
                        boolean accumulate) {
        int[] from = columns.from(), to = columns.to(), lanes = columns.lanes();
        float[] tile = null;
        for (int v = 0; v < from.length; v += 2) {
            boolean whole = lanes[v] == L && lanes[v + 1] == L;
            if (!whole && tile == null) tile = TILE.get();
            for (int row = 0; row < rows; row += MR) {
                if (whole) {
                    productTile(packed, row * depth, depth, b, bRows, from[v], from[v + 1], c, cOff, cRows, row, to[v], to[v + 1], accumulate);
                } else {
                    productTile(packed, row * depth, depth, b, bRows, from[v], from[v + 1], tile, 0, TILE_ROWS, 0, 0, L, false);
                    storeTile(tile, c, cOff, cRows, row, to[v], to[v + 1], lanes[v], lanes[v + 1], accumulate);
                }
            }
        }
    }

    /**
     * One MR x NR tile of {@link #product}: rows from {@code row}, the columns' vectors at from0/to0
     * and from1/to1, whole. The tiles of all three kernels are methods of their own rather than
     * loop nests: called thousands of times a batch, they are compiled within the first batches
     * (vector code runs ~100x slower until then), and in a LeNet training loop they measured faster
     * than loop nests (about 9 against 11 ms a batch at two threads). Vectors with lanes masked off
     * go through a tile buffer and {@link #storeTile}: masked stores here made this method too
     * large for C1, and the buffer costs the shallow products of small convolutions about 8 %.
     */
    private static void productTile(float[] packed, int a, int depth, float[] b, int[] bRows, int from0, int from1, float[] c, int cOff,
                                    int[] cRows, int row, int to0, int to1, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int k = 0; k < depth; k++, a += MR) {
            int at = bRows[k];
            FloatVector b0 = FloatVector.fromArray(F, b, at + from0), b1 = FloatVector.fromArray(F, b, at + from1);
            FloatVector w = FloatVector.broadcast(F, packed[a]);
            c00 = w.fma(b0, c00);
            c01 = w.fma(b1, c01);
            w = FloatVector.broadcast(F, packed[a + 1]);
            c10 = w.fma(b0, c10);
            c11 = w.fma(b1, c11);
            w = FloatVector.broadcast(F, packed[a + 2]);
            c20 = w.fma(b0, c20);
            c21 = w.fma(b1, c21);
            w = FloatVector.broadcast(F, packed[a + 3]);
            c30 = w.fma(b0, c30);
            c31 = w.fma(b1, c31);
            w = FloatVector.broadcast(F, packed[a + 4]);
            c40 = w.fma(b0, c40);
            c41 = w.fma(b1, c41);
            w = FloatVector.broadcast(F, packed[a + 5]);
            c50 = w.fma(b0, c50);
            c51 = w.fma(b1, c51);
        }
        // The stores are written out rather than calls: C2 stops inlining ordinary methods in a method
        // this large (node count cutoff) but still inlines the Vector API's own, and a vector passed
        // to a call that is not inlined is boxed on the heap.
        int at0 = cOff + cRows[row];
        (accumulate ? c00.add(FloatVector.fromArray(F, c, at0 + to0)) : c00).intoArray(c, at0 + to0);
        (accumulate ? c01.add(FloatVector.fromArray(F, c, at0 + to1)) : c01).intoArray(c, at0 + to1);
        int at1 = cOff + cRows[row + 1];
        (accumulate ? c10.add(FloatVector.fromArray(F, c, at1 + to0)) : c10).intoArray(c, at1 + to0);
        (accumulate ? c11.add(FloatVector.fromArray(F, c, at1 + to1)) : c11).intoArray(c, at1 + to1);
        int at2 = cOff + cRows[row + 2];
        (accumulate ? c20.add(FloatVector.fromArray(F, c, at2 + to0)) : c20).intoArray(c, at2 + to0);
        (accumulate ? c21.add(FloatVector.fromArray(F, c, at2 + to1)) : c21).intoArray(c, at2 + to1);
        int at3 = cOff + cRows[row + 3];
        (accumulate ? c30.add(FloatVector.fromArray(F, c, at3 + to0)) : c30).intoArray(c, at3 + to0);
        (accumulate ? c31.add(FloatVector.fromArray(F, c, at3 + to1)) : c31).intoArray(c, at3 + to1);
        int at4 = cOff + cRows[row + 4];
        (accumulate ? c40.add(FloatVector.fromArray(F, c, at4 + to0)) : c40).intoArray(c, at4 + to0);
        (accumulate ? c41.add(FloatVector.fromArray(F, c, at4 + to1)) : c41).intoArray(c, at4 + to1);
        int at5 = cOff + cRows[row + 5];
        (accumulate ? c50.add(FloatVector.fromArray(F, c, at5 + to0)) : c50).intoArray(c, at5 + to0);
        (accumulate ? c51.add(FloatVector.fromArray(F, c, at5 + to1)) : c51).intoArray(c, at5 + to1);
    }

    /**
     * Stores (or adds) a tile buffer of {@link #productTile} to C's rows from {@code row}: the first
     * lanes0 lanes of its first vector at to0, lanes1 of its second at to1. (Masks from lane counts:
     * JDK 25's C2 leaves VectorMask.fromLong to its Java fallback here, which allocates.)
     */
    private static void storeTile(float[] tile, float[] c, int cOff, int[] cRows, int row, int to0, int to1, int lanes0, int lanes1,
                                  boolean accumulate) {
        VectorMask<Float> m0 = F.indexInRange(0, lanes0), m1 = F.indexInRange(0, lanes1);
        for (int r = 0; r < MR; r++) {
            int at = cOff + cRows[row + r];
            FloatVector v0 = FloatVector.fromArray(F, tile, r * NR), v1 = FloatVector.fromArray(F, tile, r * NR + L);
            if (accumulate) {
                v0 = v0.add(FloatVector.fromArray(F, c, at + to0, m0));
                v1 = v1.add(FloatVector.fromArray(F, c, at + to1, m1));
            }
            v0.intoArray(c, at + to0, m0);
            v1.intoArray(c, at + to1, m1);
        }
    }

    /**
     * acc[k·ldT + co] += Σ_p planes[offsets[k] + p] · gradT[p·ldT + co] for p below span, k below
     * offsets.length and co below ldT (a multiple of L): one image's weight gradient, transposed,
     * from its gradOut transposed to (span, ldT) (zero at junk columns and past cout). Output
     * channels lie across the vector lanes and each tile sums all of p in registers, so the
     * result needs no reduction across lanes and is read from planes by broadcasts, which never
     * straddle a cache line: for output channels enough to fill the lanes.
     */
    static void weightGradientByChannels(float[] gradT, int ldT, int span, int[] offsets, float[] planes, float[] acc) {
        for (int co = 0; co < ldT; co += L) {
            for (int k = 0; k < offsets.length; k += KR) channelsTile(gradT, ldT, span, offsets, k, planes, acc, co);
        }
    }

    /** The KR x L tile of {@link #weightGradientByChannels} at rows k and output channels co (a method: see {@link #productTile}). */
    private static void channelsTile(float[] gradT, int ldT, int span, int[] offsets, int k, float[] planes, float[] acc, int co) {
        int x0 = offsets[k], x1 = offsets[k + 1], x2 = offsets[k + 2], x3 = offsets[k + 3], x4 = offsets[k + 4],
                x5 = offsets[k + 5], x6 = offsets[k + 6], x7 = offsets[k + 7], x8 = offsets[k + 8], x9 = offsets[k + 9],
                x10 = offsets[k + 10], x11 = offsets[k + 11];
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0,
                c9 = c0, c10 = c0, c11 = c0;
        for (int p = 0, g = co; p < span; p++, g += ldT) {
            FloatVector v = FloatVector.fromArray(F, gradT, g);
            c0 = FloatVector.broadcast(F, planes[x0 + p]).fma(v, c0);
            c1 = FloatVector.broadcast(F, planes[x1 + p]).fma(v, c1);
            c2 = FloatVector.broadcast(F, planes[x2 + p]).fma(v, c2);
            c3 = FloatVector.broadcast(F, planes[x3 + p]).fma(v, c3);
            c4 = FloatVector.broadcast(F, planes[x4 + p]).fma(v, c4);
            c5 = FloatVector.broadcast(F, planes[x5 + p]).fma(v, c5);
            c6 = FloatVector.broadcast(F, planes[x6 + p]).fma(v, c6);
            c7 = FloatVector.broadcast(F, planes[x7 + p]).fma(v, c7);
            c8 = FloatVector.broadcast(F, planes[x8 + p]).fma(v, c8);
            c9 = FloatVector.broadcast(F, planes[x9 + p]).fma(v, c9);
            c10 = FloatVector.broadcast(F, planes[x10 + p]).fma(v, c10);
            c11 = FloatVector.broadcast(F, planes[x11 + p]).fma(v, c11);
        }
        int at = k * ldT + co;
        c0.add(FloatVector.fromArray(F, acc, at)).intoArray(acc, at);
        c1.add(FloatVector.fromArray(F, acc, at + ldT)).intoArray(acc, at + ldT);
        c2.add(FloatVector.fromArray(F, acc, at + 2 * ldT)).intoArray(acc, at + 2 * ldT);
        c3.add(FloatVector.fromArray(F, acc, at + 3 * ldT)).intoArray(acc, at + 3 * ldT);
        c4.add(FloatVector.fromArray(F, acc, at + 4 * ldT)).intoArray(acc, at + 4 * ldT);
        c5.add(FloatVector.fromArray(F, acc, at + 5 * ldT)).intoArray(acc, at + 5 * ldT);
        c6.add(FloatVector.fromArray(F, acc, at + 6 * ldT)).intoArray(acc, at + 6 * ldT);
        c7.add(FloatVector.fromArray(F, acc, at + 7 * ldT)).intoArray(acc, at + 7 * ldT);
        c8.add(FloatVector.fromArray(F, acc, at + 8 * ldT)).intoArray(acc, at + 8 * ldT);
        c9.add(FloatVector.fromArray(F, acc, at + 9 * ldT)).intoArray(acc, at + 9 * ldT);
        c10.add(FloatVector.fromArray(F, acc, at + 10 * ldT)).intoArray(acc, at + 10 * ldT);
        c11.add(FloatVector.fromArray(F, acc, at + 11 * ldT)).intoArray(acc, at + 11 * ldT);
    }

    /**
     * lanes[(co·depthPad + k)·L + j] += lane j of the sum over vectors of p of grad[co·ldGrad + p] ·
     * planes[offsets[k] + p], for co below MR and p below span rounded up to L (grad zero past
     * span, at junk columns and in rows past cout; planes readable that far); depthPad is
     * {@code offsets.length}. One image's weight gradient in lane partials ({@link #sumLanes}
     * adds them up) for at most MR output channels: positions across the lanes keep them full.
     */
    static void weightGradientByPositions(float[] grad, int ldGrad, int span, int[] offsets, float[] planes, float[] lanes) {
        for (int k = 0; k < offsets.length; k += 2) positionsTile(grad, ldGrad, span, offsets, k, planes, lanes);
    }

    /** The MR x 2 tile of {@link #weightGradientByPositions} at rows k (a method: see {@link #productTile}). */
    private static void positionsTile(float[] grad, int ldGrad, int span, int[] offsets, int k, float[] planes, float[] lanes) {
        int x0 = offsets[k], x1 = offsets[k + 1];
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < span; p += L) {
            FloatVector b0 = FloatVector.fromArray(F, planes, x0 + p), b1 = FloatVector.fromArray(F, planes, x1 + p);
            FloatVector v = FloatVector.fromArray(F, grad, p);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.fromArray(F, grad, ldGrad + p);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.fromArray(F, grad, 2 * ldGrad + p);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.fromArray(F, grad, 3 * ldGrad + p);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.fromArray(F, grad, 4 * ldGrad + p);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.fromArray(F, grad, 5 * ldGrad + p);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
        }
        int at = k * L, next = offsets.length * L;
        c00.add(FloatVector.fromArray(F, lanes, at)).intoArray(lanes, at);
        c01.add(FloatVector.fromArray(F, lanes, at + L)).intoArray(lanes, at + L);
        c10.add(FloatVector.fromArray(F, lanes, at + next)).intoArray(lanes, at + next);
        c11.add(FloatVector.fromArray(F, lanes, at + next + L)).intoArray(lanes, at + next + L);
        c20.add(FloatVector.fromArray(F, lanes, at + 2 * next)).intoArray(lanes, at + 2 * next);
        c21.add(FloatVector.fromArray(F, lanes, at + 2 * next + L)).intoArray(lanes, at + 2 * next + L);
        c30.add(FloatVector.fromArray(F, lanes, at + 3 * next)).intoArray(lanes, at + 3 * next);
        c31.add(FloatVector.fromArray(F, lanes, at + 3 * next + L)).intoArray(lanes, at + 3 * next + L);
        c40.add(FloatVector.fromArray(F, lanes, at + 4 * next)).intoArray(lanes, at + 4 * next);
        c41.add(FloatVector.fromArray(F, lanes, at + 4 * next + L)).intoArray(lanes, at + 4 * next + L);
        c50.add(FloatVector.fromArray(F, lanes, at + 5 * next)).intoArray(lanes, at + 5 * next);
        c51.add(FloatVector.fromArray(F, lanes, at + 5 * next + L)).intoArray(lanes, at + 5 * next + L);
    }

    /** The floats of lane partials that {@link #weightGradientByPositions} adds into for these rows. */
    static int lanesSize(Rows rows) {
        return MR * rows.offsets().length * L;
    }

    /**
     * The weight gradient (cout, cin, kh, kw) from {@link #weightGradientByPositions}' lane partials,
     * each summed in lane order (reduceLanes leaves the order open, and results must not depend on
     * the JIT), into dw's first cout·depth floats.
     */
    static void sumLanes(float[] lanes, int cout, Rows rows, float[] dw) {
        int depth = rows.depth(), depthPad = rows.offsets().length;
        for (int co = 0; co < cout; co++) {
            for (int k = 0; k < depth; k++) {
                float sum = 0f;
                for (int j = 0, at = (co * depthPad + k) * L; j < L; j++) sum += lanes[at + j];
                dw[co * depth + rows.weightIndex()[k]] = sum;
            }
        }
    }
}
