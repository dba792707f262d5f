package dev.jgrad.nn.functional;

import dev.jgrad.backend.cpu.Gemm;
import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.Storage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Winograd's minimal filtering F(2x2, 3x3) for float32 3x3 stride-1 convolutions (Lavin and Gray,
 * "Fast Algorithms for Convolutional Neural Networks", 2016): each 2x2 tile of an output plane
 * costs 16 multiplications per pair of channels instead of 36. The input's 4x4 tiles (Bᵀ d B) and
 * the weight (G g Gᵀ) are transformed into 16 matrices each, multiplied pairwise as 16 GEMMs
 * (tiles x cin times cin x cout) over a chunk of images, and the products transformed back to
 * output tiles (Aᵀ m A). The weight gradient is the adjoint: the gradient's tiles transformed by
 * A g Aᵀ, 16 GEMMs Vᵀ (cin x tiles) times (tiles x cout) summed over the images, and Gᵀ dU G. The
 * transforms only add and subtract (G's halves are exact), so results differ from the direct sums
 * by rounding alone.
 *
 * <p>The transforms run with channels across the vector lanes: each image is transposed to a
 * zero-padded (row, column, channel) copy, so a tile's element is one contiguous vector per
 * {@code L} channels, and the output tiles are transposed back to planes.
 */
final class Winograd {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Floats of a chunk's transformed input and products (each): small enough to stay in L2. */
    private static final int CHUNK_FLOATS = 1 << 16;

    private Winograd() {}

    /**
     * Off with {@code -Djgrad.noWinograd=true}, for comparing against the direct kernels (the tests
     * switch it too).
     */
    static boolean enabled = !Boolean.getBoolean("jgrad.noWinograd");

    /**
     * 3x3 windows at stride 1 without dilation or groups, channels in whole vectors, at least 32 on
     * each side and 64 on one: with fewer, the transforms and transposes cost more than the
     * multiplications saved (BENCHMARKS.md, round 18).
     */
    static boolean suits(ConvGeometry g) {
        int cin = g.cin(), cout = g.cout();
        return enabled && g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1 && g.readsPlanes() && g.ph() <= 2 && g.pw() <= 2
                && Math.min(cin, cout) >= 32 && Math.max(cin, cout) >= 64 && cin % L == 0 && cout % L == 0;
    }

    /**
     * Whether the weight gradient of a geometry that {@link #suits} takes {@link #weightGradient}:
     * when at most an eighth of its tiles' outputs lie past the output's edge. On 7x7 outputs (64
     * tile outputs for 49) it ran no faster than the direct kernel; on 14x14 it ran 10-20 % faster
     * (BENCHMARKS.md, round 19).
     */
    static boolean suitsWeightGradient(ConvGeometry g) {
        return suits(g) && 8 * g.oh() * g.ow() >= 7 * 4 * ((g.oh() + 1) / 2) * ((g.ow() + 1) / 2);
    }

    /** out (n, cout, oh, ow) = conv(x, weight) + bias (nullable), for a geometry that {@link #suits}. */
    static float[] forward(ConvGeometry g, float[] x, int xOff, float[] weight, int wOff, float[] bias, int bOff) {
        float[] out = Storage.floatsForOverwrite(g.n() * g.columnSize()); // every element is written below
        int cin = g.cin(), cout = g.cout(), oh = g.oh(), ow = g.ow();
        Tiling tiling = new Tiling(g);
        float[] u = transformWeight(weight, wOff, cout, cin, ConvKernels.floats(2, 16 * cin * cout));
        float[] b = new float[cout];
        if (bias != null) System.arraycopy(bias, bOff, b, 0, cout);
        int[] byPosition = ChannelLaneKernels.strideMap(cout);
        Parallel.forRange(tiling.chunks(), 1, (from, to) -> {
            float[] pad = tiling.zeroedPad(), tile = ConvKernels.floats(5, (oh * ow + L) * cout);
            for (int c = from; c < to; c++) {
                int first = c * tiling.chunk, images = Math.min(tiling.chunk, g.n() - first), t = images * tiling.tiles;
                float[] v = tiling.transformInputs(x, xOff, first, images, pad), m = ConvKernels.floats(1, 16 * t * cout);
                for (int k = 0; k < 16; k++) {
                    Gemm.sgemm(false, false, t, cout, cin, 1f, v, k * t * cin, cin, u, k * cin * cout, cout, 0f, m, k * t * cout, cout);
                }
                for (int i = 0; i < images; i++) {
                    transformOutput(m, i * tiling.tiles * cout, t * cout, cout, tiling.th, tiling.tw, b, tile, oh, ow);
                    ChannelLaneKernels.transpose(tile, 0, cout, oh * ow, cout, out, (first + i) * cout * oh * ow, oh * ow, byPosition);
                }
            }
        });
        return out;
    }

    /**
     * dW (cout, cin, 3, 3) of a convolution that {@link #suitsWeightGradient}, as the adjoint of
     * {@link #forward}: each 2x2 tile of the gradient transformed to A g Aᵀ, then per chunk of
     * images the 16 products Vᵀ (cin x tiles) times (tiles x cout) added into the parallel range's
     * partial sum, and the sum transformed back by Gᵀ dU G. The partial sums are added in range
     * order, so results depend on the thread count only.
     */
    static float[] weightGradient(ConvGeometry g, float[] x, int xOff, float[] gradOut, int gOff) {
        int cin = g.cin(), cout = g.cout(), oh = g.oh(), ow = g.ow();
        Tiling tiling = new Tiling(g);
        int[] byChannel = ChannelLaneKernels.strideMap(oh * ow);
        float[] du = ConvKernels.sumInOrder(tiling.chunks(), 16 * cin * cout, (from, to, partial) -> {
            float[] pad = tiling.zeroedPad(), tile = ConvKernels.floats(5, (oh * ow + L) * cout);
            for (int c = from; c < to; c++) {
                int first = c * tiling.chunk, images = Math.min(tiling.chunk, g.n() - first), t = images * tiling.tiles;
                float[] v = tiling.transformInputs(x, xOff, first, images, pad), m = ConvKernels.floats(1, 16 * t * cout);
                for (int i = 0; i < images; i++) {
                    ChannelLaneKernels.transpose(gradOut, gOff + (first + i) * cout * oh * ow, oh * ow, cout, oh * ow, tile, 0, cout, byChannel);
                    transformGradient(tile, cout, oh, ow, tiling.th, tiling.tw, m, i * tiling.tiles * cout, t * cout);
                }
                for (int k = 0; k < 16; k++) {
                    Gemm.sgemm(true, false, cin, cout, t, 1f, v, k * t * cin, cin, m, k * t * cout, cout, 1f, partial, k * cin * cout, cout);
                }
            }
        });
        return adjointWeightTransform(du, cout, cin);
    }

    /**
     * How a geometry's images split into 2x2 output tiles (th by tw of them) and chunks of images,
     * and the chunks' transformed input.
     */
    private static final class Tiling {
        final ConvGeometry g;
        final int th, tw, tiles, wp, chunk;
        final int[] byChannel;

        Tiling(ConvGeometry g) {
            this.g = g;
            th = (g.oh() + 1) / 2;
            tw = (g.ow() + 1) / 2;
            tiles = th * tw;
            wp = 2 * tw + 2;
            chunk = Math.max(1, Math.min(g.n(), CHUNK_FLOATS / (16 * Math.max(g.cin(), g.cout()) * tiles)));
            byChannel = ChannelLaneKernels.strideMap(g.h() * g.w());
        }

        int chunks() {
            return Math.ceilDiv(g.n(), chunk);
        }

        /**
         * The calling thread's buffer for {@link #transformInputs}, zeroed: the padded copy's border
         * is never written, so it stays zero for every image; 16 vectors past it hold a transform's
         * intermediate results.
         */
        float[] zeroedPad() {
            return ConvKernels.zeroedFloats(4, (2 * th + 2) * wp * g.cin() + 16 * L);
        }

        /**
         * V (16, images·tiles, cin) of images [first, first + images), in the calling thread's
         * buffer: each image transposed to a zero-padded (row, column, channel) copy in pad (from
         * {@link #zeroedPad}), then its tiles transformed.
         */
        float[] transformInputs(float[] x, int xOff, int first, int images, float[] pad) {
            int cin = g.cin(), h = g.h(), w = g.w(), t = images * tiles;
            float[] v = ConvKernels.floats(0, 16 * t * cin);
            for (int i = 0; i < images; i++) {
                ConvKernels.transposeIntoRows(x, xOff + (first + i) * cin * h * w, cin, h, w, pad, (g.ph() * wp + g.pw()) * cin, wp * cin, byChannel);
                transformInput(pad, wp, cin, th, tw, v, i * tiles * cin, t * cin);
            }
            return v;
        }
    }

    /** U (16, cin, cout): G g Gᵀ for each 3x3 window g, G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]. */
    private static float[] transformWeight(float[] weight, int wOff, int cout, int cin, float[] u) {
        int step = cin * cout;
        Parallel.forRange(cout, 8, (from, to) -> {
            float[] gg = new float[12];
            for (int co = from; co < to; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    int at = wOff + (co * cin + ci) * 9;
                    for (int j = 0; j < 3; j++) { // G g: the 4x3 product, by columns
                        float g0 = weight[at + j], g1 = weight[at + 3 + j], g2 = weight[at + 6 + j];
                        gg[j] = g0;
                        gg[3 + j] = 0.5f * (g0 + g1 + g2);
                        gg[6 + j] = 0.5f * (g0 - g1 + g2);
                        gg[9 + j] = g2;
                    }
                    for (int r = 0; r < 4; r++) { // then (G g) Gᵀ, row by row
                        float a = gg[3 * r], b = gg[3 * r + 1], c = gg[3 * r + 2];
                        int k = 4 * r * step + ci * cout + co;
                        u[k] = a;
                        u[k + step] = 0.5f * (a + b + c);
                        u[k + 2 * step] = 0.5f * (a - b + c);
                        u[k + 3 * step] = c;
                    }
                }
            }
        });
        return u;
    }

    /**
     * dW (cout, cin, 3, 3) from dU (16, cin, cout): Gᵀ du G for each pair of channels, the adjoint
     * of {@link #transformWeight}.
     */
    private static float[] adjointWeightTransform(float[] du, int cout, int cin) {
        float[] dw = Storage.floatsForOverwrite(cout * cin * 9); // every element is written below
        int step = cin * cout;
        Parallel.forRange(cout, 8, (from, to) -> {
            float[] h = new float[12];
            for (int co = from; co < to; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int r = 0; r < 4; r++) { // du G: the 4x3 product, row by row
                        int k = 4 * r * step + ci * cout + co;
                        float a = du[k], b = du[k + step], c = du[k + 2 * step], d = du[k + 3 * step];
                        h[3 * r] = a + 0.5f * (b + c);
                        h[3 * r + 1] = 0.5f * (b - c);
                        h[3 * r + 2] = 0.5f * (b + c) + d;
                    }
                    int at = (co * cin + ci) * 9;
                    for (int j = 0; j < 3; j++) { // then Gᵀ (du G), by columns
                        float a = h[j], b = h[3 + j], c = h[6 + j], d = h[9 + j];
                        dw[at + j] = a + 0.5f * (b + c);
                        dw[at + 3 + j] = 0.5f * (b - c);
                        dw[at + 6 + j] = 0.5f * (b + c) + d;
                    }
                }
            }
        });
        return dw;
    }

    /**
     * The adjoint of {@link #transformOutput} for one image: from its gradient (oh·ow positions,
     * cout channels) in grad, M̂[k][tile][co] = (A g Aᵀ)[k] for each 2x2 tile g of it (zero past
     * the output's edge), written to m at at + tile·cout, the 16 matrices step apart.
     */
    private static void transformGradient(float[] grad, int cout, int oh, int ow, int th, int tw, float[] m, int at, int step) {
        FloatVector zero = FloatVector.zero(F);
        for (int ty = 0; ty < th; ty++) {
            boolean lastRow = 2 * ty + 1 >= oh;
            for (int tx = 0; tx < tw; tx++) {
                boolean lastColumn = 2 * tx + 1 >= ow;
                int to = at + (ty * tw + tx) * cout, p = (2 * ty * ow + 2 * tx) * cout;
                for (int ch = 0; ch < cout; ch += L, p += L) {
                    FloatVector a = FloatVector.fromArray(F, grad, p), b = lastColumn ? zero : FloatVector.fromArray(F, grad, p + cout);
                    FloatVector c = lastRow ? zero : FloatVector.fromArray(F, grad, p + ow * cout);
                    FloatVector d = lastRow || lastColumn ? zero : FloatVector.fromArray(F, grad, p + (ow + 1) * cout);
                    // A g has rows (a, b), (a + c, b + d), (a − c, b − d), (−c, −d); (p, q) Aᵀ is (p, p + q, p − q, −q).
                    row(a, b, m, to + ch, step);
                    row(a.add(c), b.add(d), m, to + ch + 4 * step, step);
                    row(a.sub(c), b.sub(d), m, to + ch + 8 * step, step);
                    row(c.neg(), d.neg(), m, to + ch + 12 * step, step);
                }
            }
        }
    }

    /** Writes (p, p + q, p − q, −q) to m at o, step apart. */
    private static void row(FloatVector p, FloatVector q, float[] m, int o, int step) {
        p.intoArray(m, o);
        p.add(q).intoArray(m, o + step);
        p.sub(q).intoArray(m, o + 2 * step);
        q.neg().intoArray(m, o + 3 * step);
    }

    /**
     * V[k][tile][ci] = (Bᵀ d B)[k] for each tile d of one padded image (rows of wp positions of cin
     * channels), Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]: Bᵀ down each of the tile's columns
     * into the 16 vectors past the image, then B along each row into V.
     */
    private static void transformInput(float[] pad, int wp, int cin, int th, int tw, float[] v, int at, int step) {
        int band = pad.length - 16 * L, row = wp * cin;
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int to = at + (ty * tw + tx) * cin;
                for (int ch = 0; ch < cin; ch += L) {
                    int corner = (2 * ty * wp + 2 * tx) * cin + ch;
                    for (int c = 0; c < 4; c++) {
                        int d = corner + c * cin;
                        FloatVector d0 = FloatVector.fromArray(F, pad, d), d1 = FloatVector.fromArray(F, pad, d + row);
                        FloatVector d2 = FloatVector.fromArray(F, pad, d + 2 * row), d3 = FloatVector.fromArray(F, pad, d + 3 * row);
                        d0.sub(d2).intoArray(pad, band + c * L);
                        d1.add(d2).intoArray(pad, band + (4 + c) * L);
                        d2.sub(d1).intoArray(pad, band + (8 + c) * L);
                        d1.sub(d3).intoArray(pad, band + (12 + c) * L);
                    }
                    for (int r = 0; r < 4; r++) {
                        int q = band + 4 * r * L, o = to + ch + 4 * r * step;
                        FloatVector b0 = FloatVector.fromArray(F, pad, q), b1 = FloatVector.fromArray(F, pad, q + L);
                        FloatVector b2 = FloatVector.fromArray(F, pad, q + 2 * L), b3 = FloatVector.fromArray(F, pad, q + 3 * L);
                        b0.sub(b2).intoArray(v, o);
                        b1.add(b2).intoArray(v, o + step);
                        b2.sub(b1).intoArray(v, o + 2 * step);
                        b1.sub(b3).intoArray(v, o + 3 * step);
                    }
                }
            }
        }
    }

    /**
     * One image's output, (oh·ow positions, cout channels) in out, from its tiles' products: Aᵀ m A
     * + bias, Aᵀ = [1 1 1 0; 0 1 −1 −1]: Aᵀ down each column into the 8 vectors past the image,
     * then A along each row; a tile's row or column past the output's edge is dropped.
     */
    private static void transformOutput(float[] m, int at, int step, int cout, int th, int tw, float[] bias, float[] out, int oh, int ow) {
        int band = out.length - 8 * L;
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int from = at + (ty * tw + tx) * cout;
                for (int ch = 0; ch < cout; ch += L) {
                    for (int c = 0; c < 4; c++) {
                        int k = from + ch + c * step;
                        FloatVector m0 = FloatVector.fromArray(F, m, k), m1 = FloatVector.fromArray(F, m, k + 4 * step);
                        FloatVector m2 = FloatVector.fromArray(F, m, k + 8 * step), m3 = FloatVector.fromArray(F, m, k + 12 * step);
                        m0.add(m1).add(m2).intoArray(out, band + c * L);
                        m1.sub(m2).sub(m3).intoArray(out, band + (4 + c) * L);
                    }
                    FloatVector b = FloatVector.fromArray(F, bias, ch);
                    for (int r = 0; r < 2 && 2 * ty + r < oh; r++) {
                        int q = band + 4 * r * L, o = ((2 * ty + r) * ow + 2 * tx) * cout + ch;
                        FloatVector s0 = FloatVector.fromArray(F, out, q), s1 = FloatVector.fromArray(F, out, q + L);
                        FloatVector s2 = FloatVector.fromArray(F, out, q + 2 * L), s3 = FloatVector.fromArray(F, out, q + 3 * L);
                        s0.add(s1).add(s2).add(b).intoArray(out, o);
                        if (2 * tx + 1 < ow) s1.sub(s2).sub(s3).add(b).intoArray(out, o + cout);
                    }
                }
            }
        }
    }
}
