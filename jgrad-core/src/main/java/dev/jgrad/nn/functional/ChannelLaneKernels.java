package dev.jgrad.nn.functional;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.stream.IntStream;

/**
 * Float32 convolution products over one image's {@link ConvPlanes} whose vectors run across output
 * channels, as oneDNN lays out its blocked convolutions: a tile holds a few output positions (or
 * window rows) times 32 or 64 output channels, and each step broadcasts one plane value per
 * position against two or four vectors of weights (or gradient). A step loads a few aligned
 * vectors and scalars for every 24 multiply-adds, where {@link DirectConvKernels#product} (positions
 * across the lanes) loads two vectors that mostly straddle cache lines for every 12, and no lane
 * computes a junk column (7x7 outputs in rows of 9 leave a fifth of that product's lanes idle);
 * only the last tile of an image repeats its last position. For output channels in multiples of
 * 32 (two vectors); the products are written transposed, (positions, channels), and moved to
 * (channels, positions) by {@link #transpose}. Stride-1 layers with windows 3 wide and 16 or 32
 * output channels, or 5 wide and 16, take tiles of consecutive positions instead
 * ({@link #forwardRows}), which share each broadcast among the window's taps. No checks, no
 * threads: the callers split images over the pool.
 */
final class ChannelLaneKernels {
    private ChannelLaneKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Tiles: four vectors of channels by 6 positions, or two by 12 (24 accumulators either way). */
    private static final int WIDE = 4 * L, NARROW = 2 * L, WIDE_ROWS = 6, NARROW_ROWS = 12;
    /** Row counts that every tile height divides. */
    static final int ROW_QUANTUM = 12;

    /** Whether a weight gradient with this many output channels takes these kernels. */
    static boolean suits(int channels) {
        return channels % NARROW == 0;
    }

    /**
     * Whether a forward product with this many output channels, in rows this wide, takes these kernels:
     * where it fills wide tiles, or where its rows are too short for positions across the lanes to
     * fill whole vectors. With 32 channels and rows of 28, the direct product was faster (15.6
     * against 19.0 ms on one core): twelve positions a tile keep too many registers busy.
     */
    static boolean suitsForward(int channels, int rowWidth) {
        return suits(channels) && (channels % WIDE == 0 || rowWidth <= L);
    }

    /** The output channels of the block starting at channel c: four vectors, or two where fewer are left. */
    static int blockWidth(int channels, int c) {
        return channels - c >= WIDE ? WIDE : NARROW;
    }

    /** Positions oy·wq + ox of the (oh, ow) outputs, in order, the last repeated up to a multiple of {@link #ROW_QUANTUM}. */
    static int[] positions(int oh, int ow, int wq) {
        int n = oh * ow;
        return IntStream.range(0, DirectConvKernels.roundUp(n, ROW_QUANTUM)).map(j -> Math.min(j, n - 1))
                .map(j -> j / ow * wq + j % ow).toArray();
    }

    /**
     * The weight (channels, depth) as blocks of {@link #blockWidth} channels, each (depth, width),
     * row k holding the weights of {@code weightIndex[k]}: the B operand of a forward product.
     */
    static float[] pack(float[] weight, int wOff, int channels, int depth, int[] weightIndex, float[] packed) {
        for (int c0 = 0; c0 < channels; c0 += blockWidth(channels, c0)) {
            int width = blockWidth(channels, c0);
            for (int k = 0; k < depth; k++) {
                for (int c = 0; c < width; c++) packed[c0 * depth + k * width + c] = weight[wOff + (c0 + c) * depth + weightIndex[k]];
            }
        }
        return packed;
    }

    /**
     * Adds one image's forward into t (zeroed by the caller): t[j·channels + c] += Σ_k planes[offsets[k] +
     * positions[j]] · W[c][k] for j below count rounded up to the tile height, and k below depth, with
     * W packed by {@link #pack}.
     */
    static void forward(float[] planes, int[] offsets, int depth, int[] positions, int count, float[] packed, int channels, float[] t) {
        for (int c0 = 0; c0 < channels; c0 += blockWidth(channels, c0)) {
            int width = blockWidth(channels, c0), rows = width == WIDE ? WIDE_ROWS : NARROW_ROWS;
            for (int j = 0; j < count; j += rows) {
                product(planes, offsets, depth, positions, j, packed, c0 * depth, width, t, j * channels + c0, channels);
            }
        }
    }

    /**
     * Adds one image's weight gradient, transposed, into acc: acc[k·channels + c] += Σ_j planes[offsets[k] +
     * positions[j]] · G[c][j] for j below count and k below offsets.length (a multiple of
     * {@link #ROW_QUANTUM}), with the image's output gradient G in blocks by {@link #blockGradient}.
     */
    static void weightGradient(float[] planes, int[] offsets, int[] positions, int count, float[] blocked, int channels, float[] acc) {
        for (int c0 = 0; c0 < channels; c0 += blockWidth(channels, c0)) {
            int width = blockWidth(channels, c0), rows = width == WIDE ? WIDE_ROWS : NARROW_ROWS;
            for (int k = 0; k < offsets.length; k += rows) {
                product(planes, positions, count, offsets, k, blocked, c0 * count, width, acc, k * channels + c0, channels);
            }
        }
    }

    /**
     * One image's output gradient (channels, count) as blocks of {@link #blockWidth} channels, each
     * (count, width): the B operand of {@link #weightGradient}. Gathers along the channels, with
     * {@code map} from {@link #strideMap} of count.
     */
    static void blockGradient(float[] grad, int gOff, int channels, int count, int[] map, float[] blocked) {
        for (int c0 = 0; c0 < channels; c0 += blockWidth(channels, c0)) {
            transpose(grad, gOff + c0 * count, count, blockWidth(channels, c0), count, blocked, c0 * count, blockWidth(channels, c0), map);
        }
    }

    /**
     * One tile: t[tOff + i·ldT + lanes of width] += Σ_s x[r[s] + c[cFrom + i]] · b[bOff + s·width + lanes of width]
     * for s below steps and i below the tile's rows. B's rows are exactly one block wide, so that
     * the tile's loop steps through them by a constant, as through a GEMM's packed panel. The tiles
     * always add (the forward's caller zeroes t): with a flag for it, C2 compiled each tile for the
     * forward alone, then again after the weight gradient's first call (an uncommon trap).
     */
    private static void product(float[] x, int[] r, int steps, int[] c, int cFrom, float[] b, int bOff, int width, float[] t, int tOff,
                                int ldT) {
        // The positions go in as arguments: read from c inside the tile, they cost 40 % (C2 spills more registers).
        if (width == WIDE) {
            wideTile(x, r, steps, c[cFrom], c[cFrom + 1], c[cFrom + 2], c[cFrom + 3], c[cFrom + 4], c[cFrom + 5], b, bOff, t, tOff, ldT);
        } else {
            narrowTile(x, r, steps, c[cFrom], c[cFrom + 1], c[cFrom + 2], c[cFrom + 3], c[cFrom + 4], c[cFrom + 5], c[cFrom + 6],
                    c[cFrom + 7], c[cFrom + 8], c[cFrom + 9], c[cFrom + 10], c[cFrom + 11], b, bOff, t, tOff, ldT);
        }
    }

    /** The 6 x 4-vector tile of {@link #product} (a method of its own: see {@link DirectConvKernels#product}). */
    private static void wideTile(float[] x, int[] r, int steps, int p0, int p1, int p2, int p3, int p4, int p5, float[] b, int bOff,
                                 float[] t, int tOff, int ldT) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00,
                a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00,
                a40 = a00, a41 = a00, a42 = a00, a43 = a00, a50 = a00, a51 = a00, a52 = a00, a53 = a00;
        for (int s = 0, at = bOff; s < steps; s++, at += WIDE) {
            int o = r[s];
            FloatVector w0 = FloatVector.fromArray(F, b, at), w1 = FloatVector.fromArray(F, b, at + L),
                    w2 = FloatVector.fromArray(F, b, at + 2 * L), w3 = FloatVector.fromArray(F, b, at + 3 * L);
            FloatVector v = FloatVector.broadcast(F, x[o + p0]);
            a00 = w0.fma(v, a00);
            a01 = w1.fma(v, a01);
            a02 = w2.fma(v, a02);
            a03 = w3.fma(v, a03);
            v = FloatVector.broadcast(F, x[o + p1]);
            a10 = w0.fma(v, a10);
            a11 = w1.fma(v, a11);
            a12 = w2.fma(v, a12);
            a13 = w3.fma(v, a13);
            v = FloatVector.broadcast(F, x[o + p2]);
            a20 = w0.fma(v, a20);
            a21 = w1.fma(v, a21);
            a22 = w2.fma(v, a22);
            a23 = w3.fma(v, a23);
            v = FloatVector.broadcast(F, x[o + p3]);
            a30 = w0.fma(v, a30);
            a31 = w1.fma(v, a31);
            a32 = w2.fma(v, a32);
            a33 = w3.fma(v, a33);
            v = FloatVector.broadcast(F, x[o + p4]);
            a40 = w0.fma(v, a40);
            a41 = w1.fma(v, a41);
            a42 = w2.fma(v, a42);
            a43 = w3.fma(v, a43);
            v = FloatVector.broadcast(F, x[o + p5]);
            a50 = w0.fma(v, a50);
            a51 = w1.fma(v, a51);
            a52 = w2.fma(v, a52);
            a53 = w3.fma(v, a53);
        }
        // Written out: vectors passed to a call that C2 does not inline are boxed (see DirectConvKernels.productTile).
        int at = tOff;
        a00.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a01.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        a02.add(FloatVector.fromArray(F, t, at + 2 * L)).intoArray(t, at + 2 * L);
        a03.add(FloatVector.fromArray(F, t, at + 3 * L)).intoArray(t, at + 3 * L);
        at += ldT;
        a10.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a11.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        a12.add(FloatVector.fromArray(F, t, at + 2 * L)).intoArray(t, at + 2 * L);
        a13.add(FloatVector.fromArray(F, t, at + 3 * L)).intoArray(t, at + 3 * L);
        at += ldT;
        a20.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a21.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        a22.add(FloatVector.fromArray(F, t, at + 2 * L)).intoArray(t, at + 2 * L);
        a23.add(FloatVector.fromArray(F, t, at + 3 * L)).intoArray(t, at + 3 * L);
        at += ldT;
        a30.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a31.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        a32.add(FloatVector.fromArray(F, t, at + 2 * L)).intoArray(t, at + 2 * L);
        a33.add(FloatVector.fromArray(F, t, at + 3 * L)).intoArray(t, at + 3 * L);
        at += ldT;
        a40.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a41.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        a42.add(FloatVector.fromArray(F, t, at + 2 * L)).intoArray(t, at + 2 * L);
        a43.add(FloatVector.fromArray(F, t, at + 3 * L)).intoArray(t, at + 3 * L);
        at += ldT;
        a50.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a51.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        a52.add(FloatVector.fromArray(F, t, at + 2 * L)).intoArray(t, at + 2 * L);
        a53.add(FloatVector.fromArray(F, t, at + 3 * L)).intoArray(t, at + 3 * L);
    }

    /** The 12 x 2-vector tile of {@link #product}. */
    private static void narrowTile(float[] x, int[] r, int steps, int p0, int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8,
                                   int p9, int p10, int p11, float[] b, int bOff, float[] t, int tOff, int ldT) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00,
                a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00, a70 = a00, a71 = a00,
                a80 = a00, a81 = a00, a90 = a00, a91 = a00, a100 = a00, a101 = a00, a110 = a00, a111 = a00;
        for (int s = 0, at = bOff; s < steps; s++, at += NARROW) {
            int o = r[s];
            FloatVector w0 = FloatVector.fromArray(F, b, at), w1 = FloatVector.fromArray(F, b, at + L);
            FloatVector v = FloatVector.broadcast(F, x[o + p0]);
            a00 = w0.fma(v, a00);
            a01 = w1.fma(v, a01);
            v = FloatVector.broadcast(F, x[o + p1]);
            a10 = w0.fma(v, a10);
            a11 = w1.fma(v, a11);
            v = FloatVector.broadcast(F, x[o + p2]);
            a20 = w0.fma(v, a20);
            a21 = w1.fma(v, a21);
            v = FloatVector.broadcast(F, x[o + p3]);
            a30 = w0.fma(v, a30);
            a31 = w1.fma(v, a31);
            v = FloatVector.broadcast(F, x[o + p4]);
            a40 = w0.fma(v, a40);
            a41 = w1.fma(v, a41);
            v = FloatVector.broadcast(F, x[o + p5]);
            a50 = w0.fma(v, a50);
            a51 = w1.fma(v, a51);
            v = FloatVector.broadcast(F, x[o + p6]);
            a60 = w0.fma(v, a60);
            a61 = w1.fma(v, a61);
            v = FloatVector.broadcast(F, x[o + p7]);
            a70 = w0.fma(v, a70);
            a71 = w1.fma(v, a71);
            v = FloatVector.broadcast(F, x[o + p8]);
            a80 = w0.fma(v, a80);
            a81 = w1.fma(v, a81);
            v = FloatVector.broadcast(F, x[o + p9]);
            a90 = w0.fma(v, a90);
            a91 = w1.fma(v, a91);
            v = FloatVector.broadcast(F, x[o + p10]);
            a100 = w0.fma(v, a100);
            a101 = w1.fma(v, a101);
            v = FloatVector.broadcast(F, x[o + p11]);
            a110 = w0.fma(v, a110);
            a111 = w1.fma(v, a111);
        }
        int at = tOff;
        a00.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a01.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a10.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a11.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a20.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a21.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a30.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a31.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a40.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a41.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a50.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a51.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a60.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a61.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a70.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a71.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a80.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a81.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a90.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a91.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a100.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a101.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
        at += ldT;
        a110.add(FloatVector.fromArray(F, t, at)).intoArray(t, at);
        a111.add(FloatVector.fromArray(F, t, at + L)).intoArray(t, at + L);
    }

    /**
     * Whether a stride-1 forward with this many output channels and windows kw wide takes
     * {@link #forwardRows}: windows 3 wide with 16 channels or blocks of 32 below 64, or 5 wide with
     * 16. At 64 channels it ran as fast as the wide tiles of {@link #forward} (64 channels at 14x14 on
     * one core: 15.0 against 15.6 ms).
     */
    static boolean suitsRows(int channels, int kw, int sw) {
        return sw == 1 && (kw == 3 && (channels == L || channels % NARROW == 0) && channels < WIDE || kw == 5 && channels == L);
    }

    /** The channels of one {@link #forwardRows} block, and the positions of its tiles. */
    static int rowBlock(int channels) {
        return channels == L ? L : NARROW;
    }

    /** Positions of a {@link #forwardRows} tile: 14 accumulators, or 10 for windows 5 wide (with five weight vectors). */
    private static int rowTilePositions(int width, int kw) {
        return kw == 5 ? 10 : width == L ? ROW_TILE_MAX : ROW_TILE_MAX / 2;
    }

    private static final int ROW_TILE_MAX = 14;

    /**
     * Where the tiles of {@link #forwardRows} start, as positions oy·wq + ox of the planes
     * ({@code starts}), and the row of the result where each writes its first position ({@code at}):
     * either one after the other along the span, junk columns included, the result in rows of wq;
     * or from the start of each output row, the result dense, (oh·ow) positions, so that it
     * transposes as one block of 16-position tiles. A row's last tile then runs into the junk
     * columns and its result into the next row's, whose own tiles come later and overwrite it.
     * Whichever computes fewer positions: LeNet's 10 outputs in rows of 14 take one 10-position tile
     * a row instead of 14 tiles along the span, 100 positions against 140.
     */
    record RowTiles(int[] starts, int[] at, boolean dense) {}

    static RowTiles rowTiles(int oh, int ow, int wq, int channels, int kw) {
        int tile = rowTilePositions(rowBlock(channels), kw), span = (oh - 1) * wq + ow, perRow = (ow + tile - 1) / tile;
        if (oh * perRow <= (span + tile - 1) / tile) {
            return new RowTiles(IntStream.range(0, oh * perRow).map(i -> i / perRow * wq + i % perRow * tile).toArray(),
                    IntStream.range(0, oh * perRow).map(i -> i / perRow * ow + i % perRow * tile).toArray(), true);
        }
        int[] starts = IntStream.iterate(0, p -> p < span, p -> p + tile).toArray();
        return new RowTiles(starts, starts, false);
    }

    /** Floats of the result of {@link #forwardRows} for span positions. */
    static int rowResultSize(int span, int channels) {
        return rowResultRows(span) * channels;
    }

    /** Rows of each block of that result: whole tiles, and a vector's rows more for {@link #transpose} to read. */
    private static int rowResultRows(int span) {
        return DirectConvKernels.roundUp(span, ROW_TILE_MAX) + L;
    }

    /**
     * The weight (channels, cin, kh, kw) as blocks of {@link #rowBlock} channels, each (cin·kh, kw, width):
     * the window row of channel ci, row ki at s = ci·kh + ki, its taps one after the other.
     */
    static float[] packRows(float[] weight, int wOff, int channels, int cin, int kh, int kw, float[] packed) {
        int width = rowBlock(channels), steps = cin * kh;
        for (int c0 = 0; c0 < channels; c0 += width) {
            for (int s = 0; s < steps; s++) {
                for (int kj = 0; kj < kw; kj++) {
                    for (int c = 0; c < width; c++) {
                        packed[c0 * steps * kw + (s * kw + kj) * width + c] = weight[wOff + (c0 + c) * steps * kw + s * kw + kj];
                    }
                }
            }
        }
        return packed;
    }

    /**
     * One image's stride-1 forward with windows kw wide (3 or 5), by tiles of consecutive positions p
     * (in rows of wq) where {@link #rowTiles} starts them: tap kj of a window row reads the planes at
     * p + kj, so a tile of P positions broadcasts P + kw − 1 plane values per window row, each
     * against up to kw weight vectors (kw·P multiply-adds for P + kw − 1 scalar and kw or 2kw vector
     * loads). The result goes to t in blocks of {@link #rowBlock} channels, each (positions, width);
     * positions at junk columns are computed too.
     */
    static void forwardRows(float[] planes, int[] rowOffsets, int span, RowTiles tiles, float[] packed, int channels, int kw, float[] t) {
        int width = rowBlock(channels), steps = rowOffsets.length, block = rowResultRows(span) * width;
        int[] starts = tiles.starts(), at = tiles.at();
        for (int c0 = 0, b = 0; c0 < channels; c0 += width, b++) {
            int wOff = c0 * steps * kw;
            for (int i = 0; i < starts.length; i++) {
                int p = starts[i], tOff = b * block + at[i] * width;
                if (kw == 5) rowTile16By5(planes, rowOffsets, steps, p, packed, wOff, t, tOff);
                else if (width == L) rowTile16(planes, rowOffsets, steps, p, packed, wOff, t, tOff);
                else rowTile32(planes, rowOffsets, steps, p, packed, wOff, t, tOff);
            }
        }
    }

    /**
     * Moves a {@link #forwardRows} result into one image's output (channels, oh, ow) at outOff by
     * {@link #transpose} with {@code map} from {@link #strideMap} of the block width: each block
     * whole where it is dense, else row by row, less the junk columns.
     */
    static void rowsToImage(float[] t, int span, RowTiles tiles, int channels, int oh, int ow, int wq, int[] map, float[] out, int outOff) {
        int width = rowBlock(channels), block = rowResultRows(span) * width, positions = oh * ow;
        for (int c0 = 0, b = 0; c0 < channels; c0 += width, b++) {
            if (tiles.dense()) {
                transpose(t, b * block, width, positions, width, out, outOff + c0 * positions, positions, map);
                continue;
            }
            for (int oy = 0; oy < oh; oy++) {
                transpose(t, b * block + oy * wq * width, width, ow, width, out, outOff + c0 * positions + oy * ow, positions, map);
            }
        }
    }

    /** The tile of {@link #forwardRows} for 16 channels: 14 positions. */
    private static void rowTile16(float[] x, int[] r, int steps, int p, float[] w, int wOff, float[] t, int tOff) {
        FloatVector a00 = FloatVector.zero(F), a10 = a00, a20 = a00, a30 = a00, a40 = a00, a50 = a00, a60 = a00, a70 = a00,
                a80 = a00, a90 = a00, a100 = a00, a110 = a00, a120 = a00, a130 = a00;
        for (int s = 0, at = wOff; s < steps; s++, at += 3 * L) {
            int o = r[s] + p;
            FloatVector w00 = FloatVector.fromArray(F, w, at), w10 = FloatVector.fromArray(F, w, at + L),
                    w20 = FloatVector.fromArray(F, w, at + 2 * L);
            FloatVector b = FloatVector.broadcast(F, x[o]);
            a00 = w00.fma(b, a00);
            b = FloatVector.broadcast(F, x[o + 1]);
            a10 = w00.fma(b, a10);
            a00 = w10.fma(b, a00);
            b = FloatVector.broadcast(F, x[o + 2]);
            a20 = w00.fma(b, a20);
            a10 = w10.fma(b, a10);
            a00 = w20.fma(b, a00);
            b = FloatVector.broadcast(F, x[o + 3]);
            a30 = w00.fma(b, a30);
            a20 = w10.fma(b, a20);
            a10 = w20.fma(b, a10);
            b = FloatVector.broadcast(F, x[o + 4]);
            a40 = w00.fma(b, a40);
            a30 = w10.fma(b, a30);
            a20 = w20.fma(b, a20);
            b = FloatVector.broadcast(F, x[o + 5]);
            a50 = w00.fma(b, a50);
            a40 = w10.fma(b, a40);
            a30 = w20.fma(b, a30);
            b = FloatVector.broadcast(F, x[o + 6]);
            a60 = w00.fma(b, a60);
            a50 = w10.fma(b, a50);
            a40 = w20.fma(b, a40);
            b = FloatVector.broadcast(F, x[o + 7]);
            a70 = w00.fma(b, a70);
            a60 = w10.fma(b, a60);
            a50 = w20.fma(b, a50);
            b = FloatVector.broadcast(F, x[o + 8]);
            a80 = w00.fma(b, a80);
            a70 = w10.fma(b, a70);
            a60 = w20.fma(b, a60);
            b = FloatVector.broadcast(F, x[o + 9]);
            a90 = w00.fma(b, a90);
            a80 = w10.fma(b, a80);
            a70 = w20.fma(b, a70);
            b = FloatVector.broadcast(F, x[o + 10]);
            a100 = w00.fma(b, a100);
            a90 = w10.fma(b, a90);
            a80 = w20.fma(b, a80);
            b = FloatVector.broadcast(F, x[o + 11]);
            a110 = w00.fma(b, a110);
            a100 = w10.fma(b, a100);
            a90 = w20.fma(b, a90);
            b = FloatVector.broadcast(F, x[o + 12]);
            a120 = w00.fma(b, a120);
            a110 = w10.fma(b, a110);
            a100 = w20.fma(b, a100);
            b = FloatVector.broadcast(F, x[o + 13]);
            a130 = w00.fma(b, a130);
            a120 = w10.fma(b, a120);
            a110 = w20.fma(b, a110);
            b = FloatVector.broadcast(F, x[o + 14]);
            a130 = w10.fma(b, a130);
            a120 = w20.fma(b, a120);
            b = FloatVector.broadcast(F, x[o + 15]);
            a130 = w20.fma(b, a130);
        }
        a00.intoArray(t, tOff);
        a10.intoArray(t, tOff + L);
        a20.intoArray(t, tOff + 2 * L);
        a30.intoArray(t, tOff + 3 * L);
        a40.intoArray(t, tOff + 4 * L);
        a50.intoArray(t, tOff + 5 * L);
        a60.intoArray(t, tOff + 6 * L);
        a70.intoArray(t, tOff + 7 * L);
        a80.intoArray(t, tOff + 8 * L);
        a90.intoArray(t, tOff + 9 * L);
        a100.intoArray(t, tOff + 10 * L);
        a110.intoArray(t, tOff + 11 * L);
        a120.intoArray(t, tOff + 12 * L);
        a130.intoArray(t, tOff + 13 * L);
    }

    /** The tile of {@link #forwardRows} for 16 channels and windows 5 wide: 10 positions. */
    private static void rowTile16By5(float[] x, int[] r, int steps, int p, float[] w, int wOff, float[] t, int tOff) {
        FloatVector a00 = FloatVector.zero(F), a10 = a00, a20 = a00, a30 = a00, a40 = a00, a50 = a00, a60 = a00, a70 = a00,
                a80 = a00, a90 = a00;
        for (int s = 0, at = wOff; s < steps; s++, at += 5 * L) {
            int o = r[s] + p;
            FloatVector w0 = FloatVector.fromArray(F, w, at), w1 = FloatVector.fromArray(F, w, at + L),
                    w2 = FloatVector.fromArray(F, w, at + 2 * L), w3 = FloatVector.fromArray(F, w, at + 3 * L),
                    w4 = FloatVector.fromArray(F, w, at + 4 * L);
            FloatVector b = FloatVector.broadcast(F, x[o]);
            a00 = w0.fma(b, a00);
            b = FloatVector.broadcast(F, x[o + 1]);
            a10 = w0.fma(b, a10);
            a00 = w1.fma(b, a00);
            b = FloatVector.broadcast(F, x[o + 2]);
            a20 = w0.fma(b, a20);
            a10 = w1.fma(b, a10);
            a00 = w2.fma(b, a00);
            b = FloatVector.broadcast(F, x[o + 3]);
            a30 = w0.fma(b, a30);
            a20 = w1.fma(b, a20);
            a10 = w2.fma(b, a10);
            a00 = w3.fma(b, a00);
            b = FloatVector.broadcast(F, x[o + 4]);
            a40 = w0.fma(b, a40);
            a30 = w1.fma(b, a30);
            a20 = w2.fma(b, a20);
            a10 = w3.fma(b, a10);
            a00 = w4.fma(b, a00);
            b = FloatVector.broadcast(F, x[o + 5]);
            a50 = w0.fma(b, a50);
            a40 = w1.fma(b, a40);
            a30 = w2.fma(b, a30);
            a20 = w3.fma(b, a20);
            a10 = w4.fma(b, a10);
            b = FloatVector.broadcast(F, x[o + 6]);
            a60 = w0.fma(b, a60);
            a50 = w1.fma(b, a50);
            a40 = w2.fma(b, a40);
            a30 = w3.fma(b, a30);
            a20 = w4.fma(b, a20);
            b = FloatVector.broadcast(F, x[o + 7]);
            a70 = w0.fma(b, a70);
            a60 = w1.fma(b, a60);
            a50 = w2.fma(b, a50);
            a40 = w3.fma(b, a40);
            a30 = w4.fma(b, a30);
            b = FloatVector.broadcast(F, x[o + 8]);
            a80 = w0.fma(b, a80);
            a70 = w1.fma(b, a70);
            a60 = w2.fma(b, a60);
            a50 = w3.fma(b, a50);
            a40 = w4.fma(b, a40);
            b = FloatVector.broadcast(F, x[o + 9]);
            a90 = w0.fma(b, a90);
            a80 = w1.fma(b, a80);
            a70 = w2.fma(b, a70);
            a60 = w3.fma(b, a60);
            a50 = w4.fma(b, a50);
            b = FloatVector.broadcast(F, x[o + 10]);
            a90 = w1.fma(b, a90);
            a80 = w2.fma(b, a80);
            a70 = w3.fma(b, a70);
            a60 = w4.fma(b, a60);
            b = FloatVector.broadcast(F, x[o + 11]);
            a90 = w2.fma(b, a90);
            a80 = w3.fma(b, a80);
            a70 = w4.fma(b, a70);
            b = FloatVector.broadcast(F, x[o + 12]);
            a90 = w3.fma(b, a90);
            a80 = w4.fma(b, a80);
            b = FloatVector.broadcast(F, x[o + 13]);
            a90 = w4.fma(b, a90);
        }
        a00.intoArray(t, tOff);
        a10.intoArray(t, tOff + L);
        a20.intoArray(t, tOff + 2 * L);
        a30.intoArray(t, tOff + 3 * L);
        a40.intoArray(t, tOff + 4 * L);
        a50.intoArray(t, tOff + 5 * L);
        a60.intoArray(t, tOff + 6 * L);
        a70.intoArray(t, tOff + 7 * L);
        a80.intoArray(t, tOff + 8 * L);
        a90.intoArray(t, tOff + 9 * L);
    }

    /** The tile of {@link #forwardRows} for 32 channels: 7 positions. */
    private static void rowTile32(float[] x, int[] r, int steps, int p, float[] w, int wOff, float[] t, int tOff) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00,
                a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00;
        for (int s = 0, at = wOff; s < steps; s++, at += 6 * L) {
            int o = r[s] + p;
            FloatVector w00 = FloatVector.fromArray(F, w, at), w01 = FloatVector.fromArray(F, w, at + L),
                    w10 = FloatVector.fromArray(F, w, at + 2 * L), w11 = FloatVector.fromArray(F, w, at + 3 * L),
                    w20 = FloatVector.fromArray(F, w, at + 4 * L), w21 = FloatVector.fromArray(F, w, at + 5 * L);
            FloatVector b = FloatVector.broadcast(F, x[o]);
            a00 = w00.fma(b, a00);
            a01 = w01.fma(b, a01);
            b = FloatVector.broadcast(F, x[o + 1]);
            a10 = w00.fma(b, a10);
            a11 = w01.fma(b, a11);
            a00 = w10.fma(b, a00);
            a01 = w11.fma(b, a01);
            b = FloatVector.broadcast(F, x[o + 2]);
            a20 = w00.fma(b, a20);
            a21 = w01.fma(b, a21);
            a10 = w10.fma(b, a10);
            a11 = w11.fma(b, a11);
            a00 = w20.fma(b, a00);
            a01 = w21.fma(b, a01);
            b = FloatVector.broadcast(F, x[o + 3]);
            a30 = w00.fma(b, a30);
            a31 = w01.fma(b, a31);
            a20 = w10.fma(b, a20);
            a21 = w11.fma(b, a21);
            a10 = w20.fma(b, a10);
            a11 = w21.fma(b, a11);
            b = FloatVector.broadcast(F, x[o + 4]);
            a40 = w00.fma(b, a40);
            a41 = w01.fma(b, a41);
            a30 = w10.fma(b, a30);
            a31 = w11.fma(b, a31);
            a20 = w20.fma(b, a20);
            a21 = w21.fma(b, a21);
            b = FloatVector.broadcast(F, x[o + 5]);
            a50 = w00.fma(b, a50);
            a51 = w01.fma(b, a51);
            a40 = w10.fma(b, a40);
            a41 = w11.fma(b, a41);
            a30 = w20.fma(b, a30);
            a31 = w21.fma(b, a31);
            b = FloatVector.broadcast(F, x[o + 6]);
            a60 = w00.fma(b, a60);
            a61 = w01.fma(b, a61);
            a50 = w10.fma(b, a50);
            a51 = w11.fma(b, a51);
            a40 = w20.fma(b, a40);
            a41 = w21.fma(b, a41);
            b = FloatVector.broadcast(F, x[o + 7]);
            a60 = w10.fma(b, a60);
            a61 = w11.fma(b, a61);
            a50 = w20.fma(b, a50);
            a51 = w21.fma(b, a51);
            b = FloatVector.broadcast(F, x[o + 8]);
            a60 = w20.fma(b, a60);
            a61 = w21.fma(b, a61);
        }
        a00.intoArray(t, tOff);
        a01.intoArray(t, tOff + L);
        a10.intoArray(t, tOff + 2 * L);
        a11.intoArray(t, tOff + 3 * L);
        a20.intoArray(t, tOff + 4 * L);
        a21.intoArray(t, tOff + 5 * L);
        a30.intoArray(t, tOff + 6 * L);
        a31.intoArray(t, tOff + 7 * L);
        a40.intoArray(t, tOff + 8 * L);
        a41.intoArray(t, tOff + 9 * L);
        a50.intoArray(t, tOff + 10 * L);
        a51.intoArray(t, tOff + 11 * L);
        a60.intoArray(t, tOff + 12 * L);
        a61.intoArray(t, tOff + 13 * L);
    }

    /**
     * Whether a weight gradient with this many output channels, windows kw wide and column stride sw
     * takes {@link #weightGradientRows}: stride 1 across, and 16 channels with windows 3 or 5 wide
     * or 32 with windows 3 wide.
     */
    static boolean suitsWeightGradientRows(int channels, int kw, int sw) {
        return sw == 1 && (channels == L && (kw == 3 || kw == 5) || channels == NARROW && kw == 3);
    }

    /**
     * Window rows a tile of {@link #weightGradientRows} takes: for 16 channels four of 3 taps or two
     * of 5, for 32 two of 3 taps (12, 10 and 12 accumulators).
     */
    static int weightRowsPerTile(int channels, int kw) {
        return channels == L && kw == 3 ? 4 : 2;
    }

    /** Floats of output gradient that a pass of every tile over a block of positions reads: 16 KB, kept in L1. */
    private static final int GRADIENT_BLOCK = 4096;
    /** Positions a step of a tile of {@link #weightGradientRows} takes, at most. */
    static final int ROW_POSITIONS = 8;

    /**
     * Adds one image's weight gradient into acc: acc[(s·kw + kj)·channels + c] += Σ_p
     * planes[rowOffsets[s] + p + kj] · gradT[p·channels + c] for p below span, kj below kw and s
     * below rowOffsets.length (a multiple of {@link #weightRowsPerTile}), with the image's output
     * gradient transposed to (positions in rows of wq, channels), zero at junk columns and for
     * span rounded up to {@link #ROW_POSITIONS} (the planes readable that far). The taps of a
     * window row read consecutive plane values, so a tile takes a few positions at a time and
     * broadcasts each plane value once for every tap that reads it: for 16 channels, 8 positions
     * and windows 3 wide, 10 broadcasts per window row for 24 multiply-adds, where
     * {@link DirectConvKernels#weightGradientByChannels} broadcasts once per multiply-add. Positions
     * go in blocks whose gradient stays in L1 across the tiles.
     */
    static void weightGradientRows(float[] planes, int[] rowOffsets, int span, float[] gradT, int channels, int kw, float[] acc) {
        int perTile = weightRowsPerTile(channels, kw), block = GRADIENT_BLOCK / channels;
        for (int from = 0, end = DirectConvKernels.roundUp(span, ROW_POSITIONS); from < end; from += block) {
            int to = Math.min(end, from + block);
            for (int s = 0; s < rowOffsets.length; s += perTile) {
                int at = s * kw * channels;
                if (channels == NARROW) {
                    weightTile32By3(planes, rowOffsets[s], rowOffsets[s + 1], from, to, gradT, acc, at);
                } else if (kw == 3) {
                    weightTile16By3(planes, rowOffsets[s], rowOffsets[s + 1], rowOffsets[s + 2], rowOffsets[s + 3], from, to, gradT, acc, at);
                } else {
                    weightTile16By5(planes, rowOffsets[s], rowOffsets[s + 1], from, to, gradT, acc, at);
                }
            }
        }
    }

    /** The tile of {@link #weightGradientRows} for 16 channels and windows 3 wide: 4 window rows by 8 positions. */
    private static void weightTile16By3(float[] x, int o0, int o1, int o2, int o3, int from, int to, float[] g, float[] acc, int at) {
        FloatVector a00 = FloatVector.fromArray(F, acc, at), a01 = FloatVector.fromArray(F, acc, at + L),
                a02 = FloatVector.fromArray(F, acc, at + 2 * L), a10 = FloatVector.fromArray(F, acc, at + 3 * L),
                a11 = FloatVector.fromArray(F, acc, at + 4 * L), a12 = FloatVector.fromArray(F, acc, at + 5 * L),
                a20 = FloatVector.fromArray(F, acc, at + 6 * L), a21 = FloatVector.fromArray(F, acc, at + 7 * L),
                a22 = FloatVector.fromArray(F, acc, at + 8 * L), a30 = FloatVector.fromArray(F, acc, at + 9 * L),
                a31 = FloatVector.fromArray(F, acc, at + 10 * L), a32 = FloatVector.fromArray(F, acc, at + 11 * L);
        for (int p = from; p < to; p += 8) {
            int q = p * L;
            FloatVector v0 = FloatVector.fromArray(F, g, q), v1 = FloatVector.fromArray(F, g, q + L),
                    v2 = FloatVector.fromArray(F, g, q + 2 * L), v3 = FloatVector.fromArray(F, g, q + 3 * L),
                    v4 = FloatVector.fromArray(F, g, q + 4 * L), v5 = FloatVector.fromArray(F, g, q + 5 * L),
                    v6 = FloatVector.fromArray(F, g, q + 6 * L), v7 = FloatVector.fromArray(F, g, q + 7 * L);
            int x0 = o0 + p;
            FloatVector b = FloatVector.broadcast(F, x[x0]);
            a00 = v0.fma(b, a00);
            b = FloatVector.broadcast(F, x[x0 + 1]);
            a00 = v1.fma(b, a00);
            a01 = v0.fma(b, a01);
            b = FloatVector.broadcast(F, x[x0 + 2]);
            a00 = v2.fma(b, a00);
            a01 = v1.fma(b, a01);
            a02 = v0.fma(b, a02);
            b = FloatVector.broadcast(F, x[x0 + 3]);
            a00 = v3.fma(b, a00);
            a01 = v2.fma(b, a01);
            a02 = v1.fma(b, a02);
            b = FloatVector.broadcast(F, x[x0 + 4]);
            a00 = v4.fma(b, a00);
            a01 = v3.fma(b, a01);
            a02 = v2.fma(b, a02);
            b = FloatVector.broadcast(F, x[x0 + 5]);
            a00 = v5.fma(b, a00);
            a01 = v4.fma(b, a01);
            a02 = v3.fma(b, a02);
            b = FloatVector.broadcast(F, x[x0 + 6]);
            a00 = v6.fma(b, a00);
            a01 = v5.fma(b, a01);
            a02 = v4.fma(b, a02);
            b = FloatVector.broadcast(F, x[x0 + 7]);
            a00 = v7.fma(b, a00);
            a01 = v6.fma(b, a01);
            a02 = v5.fma(b, a02);
            b = FloatVector.broadcast(F, x[x0 + 8]);
            a01 = v7.fma(b, a01);
            a02 = v6.fma(b, a02);
            b = FloatVector.broadcast(F, x[x0 + 9]);
            a02 = v7.fma(b, a02);
            int x1 = o1 + p;
            b = FloatVector.broadcast(F, x[x1]);
            a10 = v0.fma(b, a10);
            b = FloatVector.broadcast(F, x[x1 + 1]);
            a10 = v1.fma(b, a10);
            a11 = v0.fma(b, a11);
            b = FloatVector.broadcast(F, x[x1 + 2]);
            a10 = v2.fma(b, a10);
            a11 = v1.fma(b, a11);
            a12 = v0.fma(b, a12);
            b = FloatVector.broadcast(F, x[x1 + 3]);
            a10 = v3.fma(b, a10);
            a11 = v2.fma(b, a11);
            a12 = v1.fma(b, a12);
            b = FloatVector.broadcast(F, x[x1 + 4]);
            a10 = v4.fma(b, a10);
            a11 = v3.fma(b, a11);
            a12 = v2.fma(b, a12);
            b = FloatVector.broadcast(F, x[x1 + 5]);
            a10 = v5.fma(b, a10);
            a11 = v4.fma(b, a11);
            a12 = v3.fma(b, a12);
            b = FloatVector.broadcast(F, x[x1 + 6]);
            a10 = v6.fma(b, a10);
            a11 = v5.fma(b, a11);
            a12 = v4.fma(b, a12);
            b = FloatVector.broadcast(F, x[x1 + 7]);
            a10 = v7.fma(b, a10);
            a11 = v6.fma(b, a11);
            a12 = v5.fma(b, a12);
            b = FloatVector.broadcast(F, x[x1 + 8]);
            a11 = v7.fma(b, a11);
            a12 = v6.fma(b, a12);
            b = FloatVector.broadcast(F, x[x1 + 9]);
            a12 = v7.fma(b, a12);
            int x2 = o2 + p;
            b = FloatVector.broadcast(F, x[x2]);
            a20 = v0.fma(b, a20);
            b = FloatVector.broadcast(F, x[x2 + 1]);
            a20 = v1.fma(b, a20);
            a21 = v0.fma(b, a21);
            b = FloatVector.broadcast(F, x[x2 + 2]);
            a20 = v2.fma(b, a20);
            a21 = v1.fma(b, a21);
            a22 = v0.fma(b, a22);
            b = FloatVector.broadcast(F, x[x2 + 3]);
            a20 = v3.fma(b, a20);
            a21 = v2.fma(b, a21);
            a22 = v1.fma(b, a22);
            b = FloatVector.broadcast(F, x[x2 + 4]);
            a20 = v4.fma(b, a20);
            a21 = v3.fma(b, a21);
            a22 = v2.fma(b, a22);
            b = FloatVector.broadcast(F, x[x2 + 5]);
            a20 = v5.fma(b, a20);
            a21 = v4.fma(b, a21);
            a22 = v3.fma(b, a22);
            b = FloatVector.broadcast(F, x[x2 + 6]);
            a20 = v6.fma(b, a20);
            a21 = v5.fma(b, a21);
            a22 = v4.fma(b, a22);
            b = FloatVector.broadcast(F, x[x2 + 7]);
            a20 = v7.fma(b, a20);
            a21 = v6.fma(b, a21);
            a22 = v5.fma(b, a22);
            b = FloatVector.broadcast(F, x[x2 + 8]);
            a21 = v7.fma(b, a21);
            a22 = v6.fma(b, a22);
            b = FloatVector.broadcast(F, x[x2 + 9]);
            a22 = v7.fma(b, a22);
            int x3 = o3 + p;
            b = FloatVector.broadcast(F, x[x3]);
            a30 = v0.fma(b, a30);
            b = FloatVector.broadcast(F, x[x3 + 1]);
            a30 = v1.fma(b, a30);
            a31 = v0.fma(b, a31);
            b = FloatVector.broadcast(F, x[x3 + 2]);
            a30 = v2.fma(b, a30);
            a31 = v1.fma(b, a31);
            a32 = v0.fma(b, a32);
            b = FloatVector.broadcast(F, x[x3 + 3]);
            a30 = v3.fma(b, a30);
            a31 = v2.fma(b, a31);
            a32 = v1.fma(b, a32);
            b = FloatVector.broadcast(F, x[x3 + 4]);
            a30 = v4.fma(b, a30);
            a31 = v3.fma(b, a31);
            a32 = v2.fma(b, a32);
            b = FloatVector.broadcast(F, x[x3 + 5]);
            a30 = v5.fma(b, a30);
            a31 = v4.fma(b, a31);
            a32 = v3.fma(b, a32);
            b = FloatVector.broadcast(F, x[x3 + 6]);
            a30 = v6.fma(b, a30);
            a31 = v5.fma(b, a31);
            a32 = v4.fma(b, a32);
            b = FloatVector.broadcast(F, x[x3 + 7]);
            a30 = v7.fma(b, a30);
            a31 = v6.fma(b, a31);
            a32 = v5.fma(b, a32);
            b = FloatVector.broadcast(F, x[x3 + 8]);
            a31 = v7.fma(b, a31);
            a32 = v6.fma(b, a32);
            b = FloatVector.broadcast(F, x[x3 + 9]);
            a32 = v7.fma(b, a32);
        }
        a00.intoArray(acc, at);
        a01.intoArray(acc, at + L);
        a02.intoArray(acc, at + 2 * L);
        a10.intoArray(acc, at + 3 * L);
        a11.intoArray(acc, at + 4 * L);
        a12.intoArray(acc, at + 5 * L);
        a20.intoArray(acc, at + 6 * L);
        a21.intoArray(acc, at + 7 * L);
        a22.intoArray(acc, at + 8 * L);
        a30.intoArray(acc, at + 9 * L);
        a31.intoArray(acc, at + 10 * L);
        a32.intoArray(acc, at + 11 * L);
    }

    /** The tile of {@link #weightGradientRows} for 16 channels and windows 5 wide: 2 window rows by 8 positions. */
    private static void weightTile16By5(float[] x, int o0, int o1, int from, int to, float[] g, float[] acc, int at) {
        FloatVector a00 = FloatVector.fromArray(F, acc, at), a01 = FloatVector.fromArray(F, acc, at + L),
                a02 = FloatVector.fromArray(F, acc, at + 2 * L), a03 = FloatVector.fromArray(F, acc, at + 3 * L),
                a04 = FloatVector.fromArray(F, acc, at + 4 * L), a10 = FloatVector.fromArray(F, acc, at + 5 * L),
                a11 = FloatVector.fromArray(F, acc, at + 6 * L), a12 = FloatVector.fromArray(F, acc, at + 7 * L),
                a13 = FloatVector.fromArray(F, acc, at + 8 * L), a14 = FloatVector.fromArray(F, acc, at + 9 * L);
        for (int p = from; p < to; p += 8) {
            int q = p * L;
            FloatVector v0 = FloatVector.fromArray(F, g, q), v1 = FloatVector.fromArray(F, g, q + L),
                    v2 = FloatVector.fromArray(F, g, q + 2 * L), v3 = FloatVector.fromArray(F, g, q + 3 * L),
                    v4 = FloatVector.fromArray(F, g, q + 4 * L), v5 = FloatVector.fromArray(F, g, q + 5 * L),
                    v6 = FloatVector.fromArray(F, g, q + 6 * L), v7 = FloatVector.fromArray(F, g, q + 7 * L);
            int x0 = o0 + p;
            FloatVector b = FloatVector.broadcast(F, x[x0]);
            a00 = v0.fma(b, a00);
            b = FloatVector.broadcast(F, x[x0 + 1]);
            a00 = v1.fma(b, a00);
            a01 = v0.fma(b, a01);
            b = FloatVector.broadcast(F, x[x0 + 2]);
            a00 = v2.fma(b, a00);
            a01 = v1.fma(b, a01);
            a02 = v0.fma(b, a02);
            b = FloatVector.broadcast(F, x[x0 + 3]);
            a00 = v3.fma(b, a00);
            a01 = v2.fma(b, a01);
            a02 = v1.fma(b, a02);
            a03 = v0.fma(b, a03);
            b = FloatVector.broadcast(F, x[x0 + 4]);
            a00 = v4.fma(b, a00);
            a01 = v3.fma(b, a01);
            a02 = v2.fma(b, a02);
            a03 = v1.fma(b, a03);
            a04 = v0.fma(b, a04);
            b = FloatVector.broadcast(F, x[x0 + 5]);
            a00 = v5.fma(b, a00);
            a01 = v4.fma(b, a01);
            a02 = v3.fma(b, a02);
            a03 = v2.fma(b, a03);
            a04 = v1.fma(b, a04);
            b = FloatVector.broadcast(F, x[x0 + 6]);
            a00 = v6.fma(b, a00);
            a01 = v5.fma(b, a01);
            a02 = v4.fma(b, a02);
            a03 = v3.fma(b, a03);
            a04 = v2.fma(b, a04);
            b = FloatVector.broadcast(F, x[x0 + 7]);
            a00 = v7.fma(b, a00);
            a01 = v6.fma(b, a01);
            a02 = v5.fma(b, a02);
            a03 = v4.fma(b, a03);
            a04 = v3.fma(b, a04);
            b = FloatVector.broadcast(F, x[x0 + 8]);
            a01 = v7.fma(b, a01);
            a02 = v6.fma(b, a02);
            a03 = v5.fma(b, a03);
            a04 = v4.fma(b, a04);
            b = FloatVector.broadcast(F, x[x0 + 9]);
            a02 = v7.fma(b, a02);
            a03 = v6.fma(b, a03);
            a04 = v5.fma(b, a04);
            b = FloatVector.broadcast(F, x[x0 + 10]);
            a03 = v7.fma(b, a03);
            a04 = v6.fma(b, a04);
            b = FloatVector.broadcast(F, x[x0 + 11]);
            a04 = v7.fma(b, a04);
            int x1 = o1 + p;
            b = FloatVector.broadcast(F, x[x1]);
            a10 = v0.fma(b, a10);
            b = FloatVector.broadcast(F, x[x1 + 1]);
            a10 = v1.fma(b, a10);
            a11 = v0.fma(b, a11);
            b = FloatVector.broadcast(F, x[x1 + 2]);
            a10 = v2.fma(b, a10);
            a11 = v1.fma(b, a11);
            a12 = v0.fma(b, a12);
            b = FloatVector.broadcast(F, x[x1 + 3]);
            a10 = v3.fma(b, a10);
            a11 = v2.fma(b, a11);
            a12 = v1.fma(b, a12);
            a13 = v0.fma(b, a13);
            b = FloatVector.broadcast(F, x[x1 + 4]);
            a10 = v4.fma(b, a10);
            a11 = v3.fma(b, a11);
            a12 = v2.fma(b, a12);
            a13 = v1.fma(b, a13);
            a14 = v0.fma(b, a14);
            b = FloatVector.broadcast(F, x[x1 + 5]);
            a10 = v5.fma(b, a10);
            a11 = v4.fma(b, a11);
            a12 = v3.fma(b, a12);
            a13 = v2.fma(b, a13);
            a14 = v1.fma(b, a14);
            b = FloatVector.broadcast(F, x[x1 + 6]);
            a10 = v6.fma(b, a10);
            a11 = v5.fma(b, a11);
            a12 = v4.fma(b, a12);
            a13 = v3.fma(b, a13);
            a14 = v2.fma(b, a14);
            b = FloatVector.broadcast(F, x[x1 + 7]);
            a10 = v7.fma(b, a10);
            a11 = v6.fma(b, a11);
            a12 = v5.fma(b, a12);
            a13 = v4.fma(b, a13);
            a14 = v3.fma(b, a14);
            b = FloatVector.broadcast(F, x[x1 + 8]);
            a11 = v7.fma(b, a11);
            a12 = v6.fma(b, a12);
            a13 = v5.fma(b, a13);
            a14 = v4.fma(b, a14);
            b = FloatVector.broadcast(F, x[x1 + 9]);
            a12 = v7.fma(b, a12);
            a13 = v6.fma(b, a13);
            a14 = v5.fma(b, a14);
            b = FloatVector.broadcast(F, x[x1 + 10]);
            a13 = v7.fma(b, a13);
            a14 = v6.fma(b, a14);
            b = FloatVector.broadcast(F, x[x1 + 11]);
            a14 = v7.fma(b, a14);
        }
        a00.intoArray(acc, at);
        a01.intoArray(acc, at + L);
        a02.intoArray(acc, at + 2 * L);
        a03.intoArray(acc, at + 3 * L);
        a04.intoArray(acc, at + 4 * L);
        a10.intoArray(acc, at + 5 * L);
        a11.intoArray(acc, at + 6 * L);
        a12.intoArray(acc, at + 7 * L);
        a13.intoArray(acc, at + 8 * L);
        a14.intoArray(acc, at + 9 * L);
    }

    /** The tile of {@link #weightGradientRows} for 32 channels and windows 3 wide: 2 window rows by 4 positions. */
    private static void weightTile32By3(float[] x, int o0, int o1, int from, int to, float[] g, float[] acc, int at) {
        FloatVector a000 = FloatVector.fromArray(F, acc, at), a001 = FloatVector.fromArray(F, acc, at + L),
                a010 = FloatVector.fromArray(F, acc, at + 2 * L), a011 = FloatVector.fromArray(F, acc, at + 3 * L),
                a020 = FloatVector.fromArray(F, acc, at + 4 * L), a021 = FloatVector.fromArray(F, acc, at + 5 * L),
                a100 = FloatVector.fromArray(F, acc, at + 6 * L), a101 = FloatVector.fromArray(F, acc, at + 7 * L),
                a110 = FloatVector.fromArray(F, acc, at + 8 * L), a111 = FloatVector.fromArray(F, acc, at + 9 * L),
                a120 = FloatVector.fromArray(F, acc, at + 10 * L), a121 = FloatVector.fromArray(F, acc, at + 11 * L);
        for (int p = from; p < to; p += 4) {
            int q = p * 2 * L;
            FloatVector v00 = FloatVector.fromArray(F, g, q), v01 = FloatVector.fromArray(F, g, q + L),
                    v10 = FloatVector.fromArray(F, g, q + 2 * L), v11 = FloatVector.fromArray(F, g, q + 3 * L),
                    v20 = FloatVector.fromArray(F, g, q + 4 * L), v21 = FloatVector.fromArray(F, g, q + 5 * L),
                    v30 = FloatVector.fromArray(F, g, q + 6 * L), v31 = FloatVector.fromArray(F, g, q + 7 * L);
            int x0 = o0 + p;
            FloatVector b = FloatVector.broadcast(F, x[x0]);
            a000 = v00.fma(b, a000);
            a001 = v01.fma(b, a001);
            b = FloatVector.broadcast(F, x[x0 + 1]);
            a000 = v10.fma(b, a000);
            a001 = v11.fma(b, a001);
            a010 = v00.fma(b, a010);
            a011 = v01.fma(b, a011);
            b = FloatVector.broadcast(F, x[x0 + 2]);
            a000 = v20.fma(b, a000);
            a001 = v21.fma(b, a001);
            a010 = v10.fma(b, a010);
            a011 = v11.fma(b, a011);
            a020 = v00.fma(b, a020);
            a021 = v01.fma(b, a021);
            b = FloatVector.broadcast(F, x[x0 + 3]);
            a000 = v30.fma(b, a000);
            a001 = v31.fma(b, a001);
            a010 = v20.fma(b, a010);
            a011 = v21.fma(b, a011);
            a020 = v10.fma(b, a020);
            a021 = v11.fma(b, a021);
            b = FloatVector.broadcast(F, x[x0 + 4]);
            a010 = v30.fma(b, a010);
            a011 = v31.fma(b, a011);
            a020 = v20.fma(b, a020);
            a021 = v21.fma(b, a021);
            b = FloatVector.broadcast(F, x[x0 + 5]);
            a020 = v30.fma(b, a020);
            a021 = v31.fma(b, a021);
            int x1 = o1 + p;
            b = FloatVector.broadcast(F, x[x1]);
            a100 = v00.fma(b, a100);
            a101 = v01.fma(b, a101);
            b = FloatVector.broadcast(F, x[x1 + 1]);
            a100 = v10.fma(b, a100);
            a101 = v11.fma(b, a101);
            a110 = v00.fma(b, a110);
            a111 = v01.fma(b, a111);
            b = FloatVector.broadcast(F, x[x1 + 2]);
            a100 = v20.fma(b, a100);
            a101 = v21.fma(b, a101);
            a110 = v10.fma(b, a110);
            a111 = v11.fma(b, a111);
            a120 = v00.fma(b, a120);
            a121 = v01.fma(b, a121);
            b = FloatVector.broadcast(F, x[x1 + 3]);
            a100 = v30.fma(b, a100);
            a101 = v31.fma(b, a101);
            a110 = v20.fma(b, a110);
            a111 = v21.fma(b, a111);
            a120 = v10.fma(b, a120);
            a121 = v11.fma(b, a121);
            b = FloatVector.broadcast(F, x[x1 + 4]);
            a110 = v30.fma(b, a110);
            a111 = v31.fma(b, a111);
            a120 = v20.fma(b, a120);
            a121 = v21.fma(b, a121);
            b = FloatVector.broadcast(F, x[x1 + 5]);
            a120 = v30.fma(b, a120);
            a121 = v31.fma(b, a121);
        }
        a000.intoArray(acc, at);
        a001.intoArray(acc, at + L);
        a010.intoArray(acc, at + 2 * L);
        a011.intoArray(acc, at + 3 * L);
        a020.intoArray(acc, at + 4 * L);
        a021.intoArray(acc, at + 5 * L);
        a100.intoArray(acc, at + 6 * L);
        a101.intoArray(acc, at + 7 * L);
        a110.intoArray(acc, at + 8 * L);
        a111.intoArray(acc, at + 9 * L);
        a120.intoArray(acc, at + 10 * L);
        a121.intoArray(acc, at + 11 * L);
    }

    /**
     * dst[dOff + c·ldDst + j] = src[sOff + j·ldSrc + c] for c below cols and j below rows: rows of
     * src become columns of dst. Whole 16 x 16 blocks (with 16 lanes) go through registers, by
     * {@link #transposeBlock}; the rest L at a time by gathers, 2.4 times slower a float. src must be
     * readable up to row rows rounded up to L.
     */
    static void transpose(float[] src, int sOff, int ldSrc, int rows, int cols, float[] dst, int dOff, int ldDst, int[] strideMap) {
        int blockRows = L == 16 ? rows - rows % L : 0, blockCols = L == 16 ? cols - cols % L : 0;
        for (int j = 0; j < blockRows; j += L) {
            for (int c = 0; c < blockCols; c += L) transposeBlock(src, sOff + j * ldSrc + c, ldSrc, dst, dOff + c * ldDst + j, ldDst);
        }
        VectorMask<Float> tail = F.indexInRange(rows - rows % L, rows);
        for (int c = 0; c < cols; c++) {
            int j = c < blockCols ? blockRows : 0;
            for (; j + L <= rows; j += L) FloatVector.fromArray(F, src, sOff + j * ldSrc + c, strideMap, 0).intoArray(dst, dOff + c * ldDst + j);
            if (j < rows) FloatVector.fromArray(F, src, sOff + j * ldSrc + c, strideMap, 0).intoArray(dst, dOff + c * ldDst + j, tail);
        }
    }

    /**
     * Lane selections of {@link #transposeBlock}: for each block size b = 1, 2, 4, 8, the two halves
     * of a pair of rows i and i + b (i without bit b) after swapping their b x b blocks. A pair's first
     * result takes, from each group of 2b lanes, the first b lanes of row i then the first b of row
     * i + b; its second result the second b of each. Indices 16 and up select from the second row.
     */
    private static final FloatVector[] SWAPS = IntStream.range(0, 8).mapToObj(s -> {
        int b = 1 << (s / 2), second = s % 2;
        return ConvPlanes.lanes(j -> {
            int group = j / (2 * b) * 2 * b, q = j % (2 * b);
            return q < b ? group + second * b + q : L + group + second * b + q - b;
        });
    }).toArray(FloatVector[]::new);
    private static final FloatVector S10 = SWAPS[0], S11 = SWAPS[1], S20 = SWAPS[2], S21 = SWAPS[3], S40 = SWAPS[4], S41 = SWAPS[5],
            S80 = SWAPS[6], S81 = SWAPS[7];

    /**
     * One 16 x 16 block of {@link #transpose} in registers: four rounds of two-row lane selections
     * (vpermi2ps), blocks of 8 first, then each half's blocks of 4, 2 and 1 before the other half's,
     * so that C2 keeps every row in a register (all four rounds at once spilled half of them: 0.43
     * against 0.33 ns a float).
     */
    private static void transposeBlock(float[] src, int sOff, int ldSrc, float[] dst, int dOff, int ldDst) {
        FloatVector r0 = FloatVector.fromArray(F, src, sOff), r8 = FloatVector.fromArray(F, src, sOff + 8 * ldSrc);
        FloatVector a0 = S80.selectFrom(r0, r8), a8 = S81.selectFrom(r0, r8);
        FloatVector r1 = FloatVector.fromArray(F, src, sOff + ldSrc), r9 = FloatVector.fromArray(F, src, sOff + 9 * ldSrc);
        FloatVector a1 = S80.selectFrom(r1, r9), a9 = S81.selectFrom(r1, r9);
        FloatVector r2 = FloatVector.fromArray(F, src, sOff + 2 * ldSrc), r10 = FloatVector.fromArray(F, src, sOff + 10 * ldSrc);
        FloatVector a2 = S80.selectFrom(r2, r10), a10 = S81.selectFrom(r2, r10);
        FloatVector r3 = FloatVector.fromArray(F, src, sOff + 3 * ldSrc), r11 = FloatVector.fromArray(F, src, sOff + 11 * ldSrc);
        FloatVector a3 = S80.selectFrom(r3, r11), a11 = S81.selectFrom(r3, r11);
        FloatVector r4 = FloatVector.fromArray(F, src, sOff + 4 * ldSrc), r12 = FloatVector.fromArray(F, src, sOff + 12 * ldSrc);
        FloatVector a4 = S80.selectFrom(r4, r12), a12 = S81.selectFrom(r4, r12);
        FloatVector r5 = FloatVector.fromArray(F, src, sOff + 5 * ldSrc), r13 = FloatVector.fromArray(F, src, sOff + 13 * ldSrc);
        FloatVector a5 = S80.selectFrom(r5, r13), a13 = S81.selectFrom(r5, r13);
        FloatVector r6 = FloatVector.fromArray(F, src, sOff + 6 * ldSrc), r14 = FloatVector.fromArray(F, src, sOff + 14 * ldSrc);
        FloatVector a6 = S80.selectFrom(r6, r14), a14 = S81.selectFrom(r6, r14);
        FloatVector r7 = FloatVector.fromArray(F, src, sOff + 7 * ldSrc), r15 = FloatVector.fromArray(F, src, sOff + 15 * ldSrc);
        FloatVector a7 = S80.selectFrom(r7, r15), a15 = S81.selectFrom(r7, r15);
        FloatVector b0 = S40.selectFrom(a0, a4), b4 = S41.selectFrom(a0, a4);
        FloatVector b1 = S40.selectFrom(a1, a5), b5 = S41.selectFrom(a1, a5);
        FloatVector b2 = S40.selectFrom(a2, a6), b6 = S41.selectFrom(a2, a6);
        FloatVector b3 = S40.selectFrom(a3, a7), b7 = S41.selectFrom(a3, a7);
        FloatVector c0 = S20.selectFrom(b0, b2), c2 = S21.selectFrom(b0, b2);
        FloatVector c1 = S20.selectFrom(b1, b3), c3 = S21.selectFrom(b1, b3);
        FloatVector c4 = S20.selectFrom(b4, b6), c6 = S21.selectFrom(b4, b6);
        FloatVector c5 = S20.selectFrom(b5, b7), c7 = S21.selectFrom(b5, b7);
        FloatVector d0 = S10.selectFrom(c0, c1), d1 = S11.selectFrom(c0, c1);
        FloatVector d2 = S10.selectFrom(c2, c3), d3 = S11.selectFrom(c2, c3);
        FloatVector d4 = S10.selectFrom(c4, c5), d5 = S11.selectFrom(c4, c5);
        FloatVector d6 = S10.selectFrom(c6, c7), d7 = S11.selectFrom(c6, c7);
        d0.intoArray(dst, dOff);
        d1.intoArray(dst, dOff + ldDst);
        d2.intoArray(dst, dOff + 2 * ldDst);
        d3.intoArray(dst, dOff + 3 * ldDst);
        d4.intoArray(dst, dOff + 4 * ldDst);
        d5.intoArray(dst, dOff + 5 * ldDst);
        d6.intoArray(dst, dOff + 6 * ldDst);
        d7.intoArray(dst, dOff + 7 * ldDst);
        FloatVector b8 = S40.selectFrom(a8, a12), b12 = S41.selectFrom(a8, a12);
        FloatVector b9 = S40.selectFrom(a9, a13), b13 = S41.selectFrom(a9, a13);
        FloatVector b10 = S40.selectFrom(a10, a14), b14 = S41.selectFrom(a10, a14);
        FloatVector b11 = S40.selectFrom(a11, a15), b15 = S41.selectFrom(a11, a15);
        FloatVector c8 = S20.selectFrom(b8, b10), c10 = S21.selectFrom(b8, b10);
        FloatVector c9 = S20.selectFrom(b9, b11), c11 = S21.selectFrom(b9, b11);
        FloatVector c12 = S20.selectFrom(b12, b14), c14 = S21.selectFrom(b12, b14);
        FloatVector c13 = S20.selectFrom(b13, b15), c15 = S21.selectFrom(b13, b15);
        FloatVector d8 = S10.selectFrom(c8, c9), d9 = S11.selectFrom(c8, c9);
        FloatVector d10 = S10.selectFrom(c10, c11), d11 = S11.selectFrom(c10, c11);
        FloatVector d12 = S10.selectFrom(c12, c13), d13 = S11.selectFrom(c12, c13);
        FloatVector d14 = S10.selectFrom(c14, c15), d15 = S11.selectFrom(c14, c15);
        d8.intoArray(dst, dOff + 8 * ldDst);
        d9.intoArray(dst, dOff + 9 * ldDst);
        d10.intoArray(dst, dOff + 10 * ldDst);
        d11.intoArray(dst, dOff + 11 * ldDst);
        d12.intoArray(dst, dOff + 12 * ldDst);
        d13.intoArray(dst, dOff + 13 * ldDst);
        d14.intoArray(dst, dOff + 14 * ldDst);
        d15.intoArray(dst, dOff + 15 * ldDst);
    }

    /** The gather index map of {@link #transpose} for rows ld apart: lane i reads i·ld. */
    static int[] strideMap(int ld) {
        return ConvPlanes.strideMap(ld, L);
    }
}
