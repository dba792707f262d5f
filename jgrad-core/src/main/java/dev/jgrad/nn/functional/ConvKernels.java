package dev.jgrad.nn.functional;

import dev.jgrad.backend.cpu.Gemm;
import dev.jgrad.backend.cpu.Im2col;
import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Storage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.IntStream;

/**
 * The three convolution kernels on contiguous float32/float64 storage, by im2col + GEMM per image
 * and group, parallel over the batch: the forward pass, its adjoint in the image (input gradient,
 * i.e. transposed convolution) and its adjoint in the weight. Float32 convolutions without dilation
 * or groups skip im2col: they read the image as zero-padded planes split into stride phases
 * ({@link ConvPlanes}), one direct product for the forward (see {@link #forwardShifted}), direct
 * products or one GEMM per window tap for the adjoints; with output channels in multiples of 32
 * those products run with the channels across the vector lanes ({@link ChannelLaneKernels}).
 * 3x3 stride-1 ones with 64 channels on a side take {@link Winograd}'s F(2x2, 3x3) instead, forward,
 * (as the forward of the flipped weight) input gradient and, on outputs that fill its tiles, weight
 * gradient. No checks and no autograd here.
 */
final class ConvKernels {
    /** One im2col buffer per thread and dtype, grown on demand, so images allocate nothing. */
    private static final ThreadLocal<Storage[]> SCRATCH = ThreadLocal.withInitial(() -> new Storage[2]);
    /**
     * Per thread: the padded planes (slot 0) and the accumulator or gradient rows (1) of the
     * plane-reading kernels, and on the calling thread the packed weight (2) and the flipped weight
     * of an input gradient (3), so that a convolution allocates nothing but its result. {@link Winograd}
     * keeps its transformed input (0), products (1), transformed weight (2), padded image (4) and
     * output tiles (5) here; {@link #transposeIntoRows} its whole image (6).
     */
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[7][]);
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private ConvKernels() {}

    /** out (n, cout, oh, ow) = conv(x (n, cin, h, w), weight) + bias (nullable, (cout)). */
    static Storage forward(ConvGeometry g, Storage x, int xOff, Storage weight, int wOff, Storage bias, int bOff) {
        if (x instanceof Storage.F32 xf && g.readsPlanes()) {
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
     * Float32 convolution without im2col. Tap (ki, kj) of channel ci reads the image's
     * {@link ConvPlanes} at a constant shift from output position p (in rows of wq), so the output is
     * one product of depth cin·kh·kw whose B operand is read in place: with output channels across
     * the lanes ({@link ChannelLaneKernels}) where they suit, else with positions across them
     * ({@link DirectConvKernels}).
     */
    private static Storage forwardShifted(ConvGeometry g, float[] x, int xOff, float[] weight, int wOff, float[] bias, int bOff) {
        if (Winograd.suits(g)) return new Storage.F32(Winograd.forward(g, x, xOff, weight, wOff, bias, bOff));
        int cout = g.cout(), oh = g.oh(), ow = g.ow();
        ConvPlanes planes = new ConvPlanes(g);
        ImageProduct product = ChannelLaneKernels.suitsRows(cout, g.kw(), g.sw()) ? forwardByRows(g, planes, weight, wOff)
                : ChannelLaneKernels.suitsForward(cout, ow) ? forwardByLanes(g, planes, DirectConvKernels.rows(planes), weight, wOff)
                : forwardByPositions(g, planes, DirectConvKernels.rows(planes), weight, wOff);
        float[] out = Storage.floatsForOverwrite(g.n() * g.columnSize());
        Parallel.forRange(g.n(), 1, (from, to) -> {
            float[] padded = zeroedFloats(0, planes.size() + DirectConvKernels.NR);
            for (int i = from; i < to; i++) {
                planes.scatter(x, xOff + i * g.imageSize(), padded);
                product.into(padded, out, i * g.columnSize());
            }
            if (bias != null) {
                for (int plane0 = from * cout; plane0 < to * cout; plane0++) {
                    float b = bias[bOff + plane0 % cout];
                    for (int j = plane0 * oh * ow, end = j + oh * ow; j < end; j++) out[j] += b;
                }
            }
        });
        return new Storage.F32(out);
    }

    /** One image's forward product from its padded planes into out at outOff, (cout, oh, ow). */
    @FunctionalInterface
    private interface ImageProduct {
        void into(float[] planes, float[] out, int outOff);
    }

    /**
     * {@link DirectConvKernels#product}: positions across the lanes, weights broadcast. Output rows
     * wide enough to fill its vectors are written straight into the result; narrower ones go
     * through rows of wq, of which the last few columns are junk, and are copied out.
     */
    private static ImageProduct forwardByPositions(ConvGeometry g, ConvPlanes planes, DirectConvKernels.Rows rows, float[] weight, int wOff) {
        int cout = g.cout(), oh = g.oh(), ow = g.ow(), depth = rows.depth(), wq = planes.wq();
        DirectConvKernels.Columns inPlace = DirectConvKernels.imageColumns(oh, ow, wq);
        DirectConvKernels.Columns columns = inPlace != null ? inPlace : DirectConvKernels.columns(planes.span());
        int ld = inPlace != null ? oh * ow : DirectConvKernels.roundUp(oh * wq, DirectConvKernels.NR);
        int[] outRows = DirectConvKernels.lastRowRepeated(cout, ld);
        float[] weights = DirectConvKernels.pack(weight, wOff, outRows.length, DirectConvKernels.lastRowRepeated(cout, depth), depth,
                rows.weightIndex(), floats(2, DirectConvKernels.packedSize(cout, depth)));
        if (inPlace != null) {
            return (padded, out, outOff) -> DirectConvKernels.product(weights, cout, depth, padded, rows.offsets(), columns, out, outOff, outRows, false);
        }
        return (padded, out, outOff) -> {
            float[] acc = floats(1, cout * ld);
            DirectConvKernels.product(weights, cout, depth, padded, rows.offsets(), columns, acc, 0, outRows, false);
            for (int co = 0; co < cout; co++) copyRows(acc, co * ld, wq, out, outOff + co * oh * ow, ow, oh, ow);
        };
    }

    /** {@link ChannelLaneKernels#forwardRows}: output channels across the lanes, tiles of consecutive positions. */
    private static ImageProduct forwardByRows(ConvGeometry g, ConvPlanes planes, float[] weight, int wOff) {
        int cout = g.cout(), oh = g.oh(), ow = g.ow(), wq = planes.wq(), span = planes.span(), kh = g.kh(), kw = g.kw();
        int[] rowOffsets = new int[g.cin() * kh];
        for (int ci = 0; ci < g.cin(); ci++) {
            for (int ki = 0; ki < kh; ki++) rowOffsets[ci * kh + ki] = planes.offset(ci, ki, 0);
        }
        int tSize = ChannelLaneKernels.rowResultSize(span, cout);
        float[] packed = ChannelLaneKernels.packRows(weight, wOff, cout, g.cin(), kh, kw, floats(2, g.weightSize()));
        int[] map = ChannelLaneKernels.strideMap(ChannelLaneKernels.rowBlock(cout));
        ChannelLaneKernels.RowTiles tiles = ChannelLaneKernels.rowTiles(oh, ow, wq, cout, kw);
        return (padded, out, outOff) -> {
            float[] t = floats(1, tSize);
            ChannelLaneKernels.forwardRows(padded, rowOffsets, span, tiles, packed, cout, kw, t);
            ChannelLaneKernels.rowsToImage(t, span, tiles, cout, oh, ow, wq, map, out, outOff);
        };
    }

    /** {@link ChannelLaneKernels#forward}: output channels across the lanes, planes broadcast, the result transposed. */
    private static ImageProduct forwardByLanes(ConvGeometry g, ConvPlanes planes, DirectConvKernels.Rows rows, float[] weight, int wOff) {
        int cout = g.cout(), positions = g.oh() * g.ow(), depth = rows.depth();
        int[] at = ChannelLaneKernels.positions(g.oh(), g.ow(), planes.wq()), map = ChannelLaneKernels.strideMap(cout);
        float[] packed = ChannelLaneKernels.pack(weight, wOff, cout, depth, rows.weightIndex(), floats(2, cout * depth));
        int tSize = Math.max(at.length, DirectConvKernels.roundUp(positions, F.length())) * cout;
        return (padded, out, outOff) -> {
            float[] t = zeroedFloats(1, tSize);
            ChannelLaneKernels.forward(padded, rows.offsets(), depth, at, positions, packed, cout, t);
            ChannelLaneKernels.transpose(t, 0, cout, positions, cout, out, outOff, positions, map);
        };
    }

    /** dx (n, cin, h, w) from the column-side gradient (n, cout, oh, ow): the transposed convolution. */
    static Storage inputGradient(ConvGeometry g, Storage gradOut, int gOff, Storage weight, int wOff) {
        boolean stride1 = g.sh() == 1 && g.sw() == 1, flippable = stride1 && g.ph() < g.kh() && g.pw() < g.kw();
        // The forward of the flipped weight by row tiles beats the transposed direct product at any depth.
        boolean byRows = flippable && ChannelLaneKernels.suitsRows(g.cin(), g.kw(), 1);
        boolean direct = !byRows && (!stride1 || DirectConvKernels.suitsAdjoints(g.cin() * g.kh() * g.kw()));
        if (gradOut instanceof Storage.F32 gf && g.readsPlanes() && direct) {
            return inputGradientDirect(g, gf.data, gOff, ((Storage.F32) weight).data, wOff);
        }
        if (gradOut instanceof Storage.F32 gf && g.readsPlanes() && flippable) {
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
        if (x instanceof Storage.F32 xf && g.readsPlanes()) {
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

    /**
     * Copies rows of width floats, srcStride apart in src, to dstStride apart in dst. The planes of
     * small convolutions have rows of a few dozen floats, for which a masked vector copy costs
     * less than a call to System.arraycopy.
     */
    static void copyRows(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int rows, int width) {
        if (width > 2 * F.length()) {
            for (int r = 0; r < rows; r++) System.arraycopy(src, srcOff + r * srcStride, dst, dstOff + r * dstStride, width);
            return;
        }
        VectorMask<Float> first = F.indexInRange(0, width), second = F.indexInRange(F.length(), width);
        for (int r = 0, s = srcOff, d = dstOff; r < rows; r++, s += srcStride, d += dstStride) {
            FloatVector.fromArray(F, src, s, first).intoArray(dst, d, first);
            if (width > F.length()) FloatVector.fromArray(F, src, s + F.length(), second).intoArray(dst, d + F.length(), second);
        }
    }

    /**
     * The input gradient of a stride-1 convolution is itself a stride-1 convolution of gradOut,
     * with the weight's in and out channels swapped, its window flipped, and padding k − 1 − p.
     */
    private static Storage inputGradientShifted(ConvGeometry g, float[] gradOut, int gOff, float[] weight, int wOff) {
        int cin = g.cin(), cout = g.cout(), kh = g.kh(), kw = g.kw();
        float[] flipped = floats(3, g.weightSize()); // (cin, cout, kh, kw)
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
     * The input gradient of a strided convolution, or of a stride-1 one with few input channels whose
     * flipped forward takes no row tiles, as the exact adjoint of {@link #forwardShifted}'s direct
     * product: weightᵀ (cin·kh·kw x cout) times gradOut (in rows of wq, zero at junk columns), each
     * row added into the zero-padded planes at its tap's offset; the interior of the planes is dx.
     */
    private static Storage inputGradientDirect(ConvGeometry g, float[] gradOut, int gOff, float[] weight, int wOff) {
        int cout = g.cout(), depth = g.cin() * g.kh() * g.kw();
        ConvPlanes planes = new ConvPlanes(g);
        int wq = planes.wq(), span = planes.span();
        DirectConvKernels.Rows taps = DirectConvKernels.rows(planes);
        float[] transposed = DirectConvKernels.pack(weight, wOff, depth, taps.weightIndex(), cout, DirectConvKernels.rowStarts(cout, depth),
                floats(2, DirectConvKernels.packedSize(depth, cout)));
        int ldRows = DirectConvKernels.roundUp(g.oh() * wq, DirectConvKernels.NR);
        int[] gradRows = DirectConvKernels.rowStarts(cout, ldRows);
        DirectConvKernels.Columns columns = DirectConvKernels.columns(span);
        float[] dx = Storage.floatsForOverwrite(g.n() * g.imageSize());
        Parallel.forRange(g.n(), 1, (from, to) -> {
            float[] rows = zeroedFloats(1, gradRows.length * ldRows), padded = floats(0, planes.size() + DirectConvKernels.NR);
            for (int i = from; i < to; i++) {
                spreadRows(gradOut, gOff + i * g.columnSize(), cout, g.oh(), g.ow(), wq, rows, ldRows);
                Arrays.fill(padded, 0, planes.size() + DirectConvKernels.NR, 0f);
                DirectConvKernels.product(transposed, depth, cout, rows, gradRows, columns, padded, 0, taps.offsets(), true);
                planes.gather(padded, dx, i * g.imageSize());
            }
        });
        return new Storage.F32(dx);
    }

    /**
     * Copies one image's gradOut planes (c, oh, ow) to rows[ch·ld + oy·wq + ox]: each plane one row
     * of oh rows of wq; the other columns are never written.
     */
    private static void spreadRows(float[] gradOut, int gOff, int c, int oh, int ow, int wq, float[] rows, int ld) {
        for (int ch = 0; ch < c; ch++) copyRows(gradOut, gOff + ch * oh * ow, ow, rows, ch * ld, wq, oh, ow);
    }

    /**
     * The weight gradient of a convolution that reads {@link ConvPlanes}: for tap t, dW[:, :, t] = Σ
     * over images of gradOut (cout x span, in rows of wq with zero junk columns) times the planes shifted for t,
     * transposed; per-chunk partial sums added in chunk order like {@link #weightGradient}. Output
     * channels in multiples of 32 take all taps at once in {@link ChannelLaneKernels}; for small
     * images with few channels the per-tap GEMMs are too small to pay for their calls, and a
     * {@link DirectConvKernels} weight gradient takes all taps at once.
     */
    private static Storage weightGradientShifted(ConvGeometry g, float[] x, int xOff, float[] gradOut, int gOff) {
        if (Winograd.suitsWeightGradient(g)) return new Storage.F32(Winograd.weightGradient(g, x, xOff, gradOut, gOff));
        int cin = g.cin(), cout = g.cout(), oh = g.oh(), ow = g.ow(), taps = g.kh() * g.kw();
        ConvPlanes planes = new ConvPlanes(g);
        if (ChannelLaneKernels.suitsWeightGradientRows(cout, g.kw(), g.sw())) return weightGradientByRows(g, planes, x, xOff, gradOut, gOff);
        if (ChannelLaneKernels.suits(cout)) return weightGradientByLanes(g, planes, x, xOff, gradOut, gOff);
        int wq = planes.wq(), span = planes.span();
        int ldRows = DirectConvKernels.roundUp(span, F.length()), ldT = DirectConvKernels.roundUp(cout, F.length());
        if (DirectConvKernels.suitsWeightGradientByPositions(cin * taps, cout, planes.size() + DirectConvKernels.MR * ldRows)) {
            return weightGradientByPositions(g, planes, x, xOff, gradOut, gOff, ldRows);
        }
        if (DirectConvKernels.suitsWeightGradientByChannels(cin * taps, planes.size() + span * ldT)) {
            return weightGradientByChannels(g, planes, x, xOff, gradOut, gOff, ldT);
        }
        float[] sum = sumInOrder(g.n(), g.weightSize(), (from, to, partial) -> {
            float[] padded = zeroedFloats(0, planes.size()), rows = zeroedFloats(1, cout * oh * wq);
            for (int i = from; i < to; i++) {
                planes.scatter(x, xOff + i * g.imageSize(), padded);
                spreadRows(gradOut, gOff + i * g.columnSize(), cout, oh, ow, wq, rows, oh * wq);
                for (int t = 0; t < taps; t++) {
                    Gemm.sgemm(false, true, cout, cin, span, 1f, rows, 0, oh * wq, padded, planes.offset(0, t / g.kw(), t % g.kw()),
                            planes.channel(), 1f, partial, t * cout * cin, cin);
                }
            }
        });
        float[] dw = Storage.floatsForOverwrite(g.weightSize()); // every element is written below
        for (int t = 0; t < taps; t++) {
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) dw[(co * cin + ci) * taps + t] = sum[(t * cout + co) * cin + ci];
            }
        }
        return new Storage.F32(dw);
    }

    /**
     * The weight gradient by {@link DirectConvKernels#weightGradientByPositions}, image by image:
     * gradOut rows of ldRows (MR of them, zero past cout), lane partials summed per chunk.
     */
    private static Storage weightGradientByPositions(ConvGeometry g, ConvPlanes planes, float[] x, int xOff, float[] gradOut, int gOff,
                                                     int ldRows) {
        int cout = g.cout(), oh = g.oh(), ow = g.ow(), wq = planes.wq(), span = planes.span();
        DirectConvKernels.Rows taps = DirectConvKernels.rows(planes);
        float[] sum = sumInOrder(g.n(), g.weightSize(), (from, to, partial) -> {
            // Borders, junk columns and rows past cout are never written, so stay zero.
            float[] padded = zeroedFloats(0, planes.size() + F.length()), rows = zeroedFloats(1, DirectConvKernels.MR * ldRows);
            float[] lanes = new float[DirectConvKernels.lanesSize(taps)];
            for (int i = from; i < to; i++) {
                planes.scatter(x, xOff + i * g.imageSize(), padded);
                spreadRows(gradOut, gOff + i * g.columnSize(), cout, oh, ow, wq, rows, ldRows);
                DirectConvKernels.weightGradientByPositions(rows, ldRows, span, taps.offsets(), padded, lanes);
            }
            DirectConvKernels.sumLanes(lanes, cout, taps, partial);
        });
        return new Storage.F32(Arrays.copyOf(sum, g.weightSize())); // sum is a buffer that the next call reuses
    }

    /**
     * The weight gradient by {@link DirectConvKernels#weightGradientByChannels}, image by image,
     * with gradOut transposed to (positions, output channels rounded up to ldT).
     */
    private static Storage weightGradientByChannels(ConvGeometry g, ConvPlanes planes, float[] x, int xOff, float[] gradOut, int gOff,
                                                    int ldT) {
        int cout = g.cout(), oh = g.oh(), ow = g.ow(), wq = planes.wq(), span = planes.span();
        DirectConvKernels.Rows taps = DirectConvKernels.rows(planes);
        float[] sum = sumInOrder(g.n(), taps.offsets().length * ldT, (from, to, partial) -> {
            // Junk columns and channels past cout are never written, so stay zero.
            float[] padded = zeroedFloats(0, planes.size()), gradT = zeroedFloats(1, span * ldT);
            for (int i = from; i < to; i++) {
                planes.scatter(x, xOff + i * g.imageSize(), padded);
                for (int co = 0, src = gOff + i * g.columnSize(); co < cout; co++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0, dst = oy * wq * ldT + co; ox < ow; ox++, dst += ldT) gradT[dst] = gradOut[src++];
                    }
                }
                DirectConvKernels.weightGradientByChannels(gradT, ldT, span, taps.offsets(), padded, partial);
            }
        });
        return fromTransposed(sum, ldT, cout, taps.weightIndex(), taps.depth());
    }

    /**
     * The weight gradient by {@link ChannelLaneKernels#weightGradientRows}, image by image, with
     * gradOut transposed by gathers to (positions in rows of wq, output channels): scalar moves took
     * a third of the pass.
     */
    private static Storage weightGradientByRows(ConvGeometry g, ConvPlanes planes, float[] x, int xOff, float[] gradOut, int gOff) {
        int cout = g.cout(), cin = g.cin(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow(), wq = planes.wq(), span = planes.span();
        // Window rows in whole tiles: the padding rows read offset 0 and their sums are dropped.
        int[] rowOffsets = new int[DirectConvKernels.roundUp(cin * kh, ChannelLaneKernels.weightRowsPerTile(cout, kw))];
        for (int ci = 0; ci < cin; ci++) {
            for (int ki = 0; ki < kh; ki++) rowOffsets[ci * kh + ki] = planes.offset(ci, ki, 0);
        }
        int[] map = ChannelLaneKernels.strideMap(oh * ow);
        int positions = DirectConvKernels.roundUp(span, ChannelLaneKernels.ROW_POSITIONS);
        float[] sum = sumInOrder(g.n(), rowOffsets.length * kw * cout, (from, to, partial) -> {
            // Junk columns and positions past span are never written, so stay zero; so do the planes' last
            // tile's extra reads past their end.
            float[] padded = zeroedFloats(0, planes.size() + ChannelLaneKernels.ROW_POSITIONS), gradT = zeroedFloats(1, positions * cout);
            for (int i = from; i < to; i++) {
                planes.scatter(x, xOff + i * g.imageSize(), padded);
                transposeIntoRows(gradOut, gOff + i * g.columnSize(), cout, oh, ow, gradT, 0, wq * cout, map);
                ChannelLaneKernels.weightGradientRows(padded, rowOffsets, span, gradT, cout, kw, partial);
            }
        });
        int depth = cin * kh * kw;
        return fromTransposed(sum, cout, cout, IntStream.range(0, depth).toArray(), depth);
    }

    /**
     * The weight gradient by {@link ChannelLaneKernels#weightGradient}, image by image, with gradOut
     * in blocks of (positions, output channels).
     */
    private static Storage weightGradientByLanes(ConvGeometry g, ConvPlanes planes, float[] x, int xOff, float[] gradOut, int gOff) {
        int cout = g.cout(), positions = g.oh() * g.ow();
        DirectConvKernels.Rows rows = DirectConvKernels.rows(planes);
        // Window rows in whole tiles: the padding rows read offset 0 and their sums are dropped.
        int[] offsets = Arrays.copyOf(rows.offsets(), DirectConvKernels.roundUp(rows.depth(), ChannelLaneKernels.ROW_QUANTUM));
        int[] at = ChannelLaneKernels.positions(g.oh(), g.ow(), planes.wq()), map = ChannelLaneKernels.strideMap(positions);
        float[] sum = sumInOrder(g.n(), offsets.length * cout, (from, to, partial) -> {
            float[] padded = zeroedFloats(0, planes.size()), blocked = floats(1, positions * cout);
            for (int i = from; i < to; i++) {
                planes.scatter(x, xOff + i * g.imageSize(), padded);
                ChannelLaneKernels.blockGradient(gradOut, gOff + i * g.columnSize(), cout, positions, map, blocked);
                ChannelLaneKernels.weightGradient(padded, offsets, at, positions, blocked, cout, partial);
            }
        });
        return fromTransposed(sum, cout, cout, rows.weightIndex(), rows.depth());
    }

    /**
     * The weight gradient (cout, depth) from a sum laid out transposed, rows ld apart: row k holds
     * weight weightIndex[k] of every output channel, for k below depth.
     */
    private static Storage fromTransposed(float[] sum, int ld, int cout, int[] weightIndex, int depth) {
        float[] dw = Storage.floatsForOverwrite(cout * depth); // every element is written below
        for (int k = 0; k < depth; k++) {
            for (int co = 0; co < cout; co++) dw[co * depth + weightIndex[k]] = sum[k * ld + co];
        }
        return new Storage.F32(dw);
    }

    /** A per-chunk partial sum over images, added into partial (zeroed). */
    @FunctionalInterface
    interface PartialSum {
        void into(int from, int to, float[] partial);
    }

    /**
     * Per calling thread, the partial sums of {@link #sumInOrder}, one per chunk, kept between calls:
     * a region has up to four chunks a thread, and new arrays for them were half of what a warm
     * ResNet step allocated.
     */
    private static final ThreadLocal<PartialBuffers> PARTIALS = ThreadLocal.withInitial(PartialBuffers::new);

    private static final class PartialBuffers {
        private final List<float[]> buffers = new ArrayList<>();
        private int used;

        /** Makes every buffer unused again: the caller's previous sum is no longer read. */
        void reset() {
            used = 0;
        }

        /** The next unused buffer of at least size floats, contents undefined; chunks call it concurrently. */
        synchronized float[] take(int size) {
            if (used == buffers.size()) buffers.add(new float[size]);
            if (buffers.get(used).length < size) buffers.set(used, new float[size]);
            return buffers.get(used++);
        }
    }

    /**
     * The sum of the partial sums (of size elements) of the parallel chunks of [0, n), added in
     * chunk order so that the result does not depend on thread timing. The result is one of the
     * calling thread's buffers, valid until its next call, and may be longer than size.
     */
    static float[] sumInOrder(int n, int size, PartialSum partialSum) {
        Map<Integer, float[]> partials = new ConcurrentSkipListMap<>();
        PartialBuffers buffers = PARTIALS.get();
        buffers.reset();
        Parallel.forRange(n, 1, (from, to) -> {
            float[] partial = buffers.take(size);
            Arrays.fill(partial, 0, size, 0f);
            partialSum.into(from, to, partial);
            partials.put(from, partial);
        });
        float[] sum = null;
        for (float[] p : partials.values()) {
            if (sum == null) sum = p;
            else for (int j = 0; j < size; j++) sum[j] += p[j];
        }
        return sum != null ? sum : new float[size];
    }

    /** A per-thread float buffer of at least size elements (see {@link #FLOATS}), contents undefined. */
    static float[] floats(int slot, int size) {
        float[][] buffers = FLOATS.get();
        if (buffers[slot] == null || buffers[slot].length < size) buffers[slot] = new float[size];
        return buffers[slot];
    }

    /**
     * One image (channels, h, w) at sOff as rows of (w, channels) in dst, row y at dOff + y·rowStride
     * (inside a padded or wider layout), with {@code map} from {@link ChannelLaneKernels#strideMap} of
     * h·w. Transposed whole into this thread's slot 6, then copied row by row: transposed row by
     * row, rows of 14 would fill no 16 x 16 block and go by gathers.
     */
    static void transposeIntoRows(float[] src, int sOff, int channels, int h, int w, float[] dst, int dOff, int rowStride, int[] map) {
        float[] dense = floats(6, h * w * channels);
        ChannelLaneKernels.transpose(src, sOff, h * w, channels, h * w, dense, 0, channels, map);
        for (int y = 0; y < h; y++) System.arraycopy(dense, y * w * channels, dst, dOff + y * rowStride, w * channels);
    }

    /** Like {@link #floats}, with the first size elements zeroed. */
    static float[] zeroedFloats(int slot, int size) {
        float[] buffer = floats(slot, size);
        Arrays.fill(buffer, 0, size, 0f);
        return buffer;
    }

    private static Storage scratch(DType dtype, int size) {
        Storage[] buffers = SCRATCH.get();
        int slot = dtype == DType.FLOAT32 ? 0 : 1;
        // Scratch outlives any step or backward pass, so it never comes from the BufferPool.
        if (buffers[slot] == null || buffers[slot].size() < size) {
            buffers[slot] = dtype == DType.FLOAT32 ? new Storage.F32(new float[size]) : Storage.allocate(dtype, size);
        }
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
