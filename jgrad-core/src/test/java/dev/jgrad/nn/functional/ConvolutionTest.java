package dev.jgrad.nn.functional;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvolutionTest {
    private static final Generator GEN = new Generator(7);
    private static final int[] NO_PADDING = null;

    static Tensor randn(int... shape) {
        return Tensors.randn(shape, GEN).to(DType.FLOAT64).requiresGrad_(true);
    }

    @ParameterizedTest(name = "cin {0} cout {1} k {2}x{3} stride {4} pad {5} dil {6} groups {7} bias {8}")
    @CsvSource({
            "2, 3, 3, 3, 1, 0, 1, 1, true",
            "2, 3, 3, 2, 2, 1, 1, 1, true",
            "2, 2, 2, 3, 1, 1, 2, 1, false",
            "4, 2, 3, 3, 1, 1, 1, 2, true",
            "3, 3, 3, 3, 2, 1, 1, 3, false",
            "2, 4, 1, 1, 1, 0, 1, 1, true",
    })
    void conv2dPassesGradcheck(int cin, int cout, int kh, int kw, int stride, int pad, int dil, int groups, boolean bias) {
        Tensor x = randn(2, cin, 5, 6), w = randn(cout, cin / groups, kh, kw), b = bias ? randn(cout) : null;
        int[] s = {stride, stride}, p = {pad, pad}, d = {dil, dil};
        if (bias) {
            GradCheck.gradcheck(in -> Convolution.conv2d(in[0], in[1], in[2], s, p, d, groups), x, w, b);
        } else {
            GradCheck.gradcheck(in -> Convolution.conv2d(in[0], in[1], null, s, p, d, groups), x, w);
        }
    }

    @Test
    void conv2dPassesGradgradcheck() {
        Tensor x = randn(1, 2, 4, 4), w = randn(2, 1, 2, 2), b = randn(2);
        GradCheck.gradgradcheck(in -> Convolution.conv2d(in[0], in[1], in[2], new int[] {2, 1}, new int[] {1, 0}, null, 2), x, w, b);
    }

    @Test
    void conv2dMatchesDirectSum() {
        Tensor x = Tensors.arange(0, 16).to(DType.FLOAT32).reshape(1, 1, 4, 4);
        Tensor w = Tensors.fromArray(new float[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor y = Convolution.conv2d(x, w, Tensors.tensor(0.5).to(DType.FLOAT32), null, new int[] {0}, null, 1);
        // x[i][j] - x[i+1][j+1] = -5 everywhere, plus the bias.
        assertThat(y.shape()).containsExactly(1, 1, 3, 3);
        assertThat(y.toFloatArray()).containsOnly(-4.5f);
    }

    @Test
    void pointwiseConvolutionIsAChannelMix() {
        Tensor x = Tensors.randn(new int[] {2, 3, 4, 5}, GEN);
        Tensor w = Tensors.randn(new int[] {4, 3, 1, 1}, GEN);
        Tensor y = Convolution.conv2d(x, w, null, null, NO_PADDING, null, 1);
        Tensor expected = w.reshape(4, 3).matmul(x.reshape(2, 3, 20)).reshape(2, 4, 4, 5);
        assertThat(y.allclose(expected, 1e-5, 1e-5)).isTrue();
    }

    @ParameterizedTest(name = "H {0} k {1} s {2} p {3} d {4} -> {5}")
    @CsvSource({"28, 5, 1, 2, 1, 28", "28, 5, 1, 0, 1, 24", "32, 3, 2, 1, 1, 16", "7, 3, 2, 0, 2, 2", "5, 1, 3, 0, 1, 2"})
    void outputSizeFollowsTheFormula(int h, int k, int s, int p, int d, int expected) {
        Tensor y = Convolution.conv2d(Tensors.zeros(1, 1, h, h), Tensors.zeros(2, 1, k, k), null, new int[] {s}, new int[] {p},
                new int[] {d}, 1);
        assertThat(y.shape()).containsExactly(1, 2, expected, expected);
    }

    @Test
    void unbatchedInputGivesUnbatchedOutput() {
        Tensor y = Convolution.conv2d(Tensors.zeros(3, 8, 8), Tensors.zeros(4, 3, 3, 3), null, null, NO_PADDING, null, 1);
        assertThat(y.shape()).containsExactly(4, 6, 6);
    }

    @Test
    void samePaddingKeepsTheSizeIncludingEvenKernels() {
        Tensor x = randn(1, 2, 5, 4), w = randn(3, 2, 2, 3);
        Tensor y = Convolution.conv2d(x, w, null, null, "same", new int[] {1, 2}, 1);
        assertThat(y.shape()).containsExactly(1, 3, 5, 4);
        GradCheck.gradcheck(in -> Convolution.conv2d(in[0], in[1], null, null, "same", null, 1), x, w);
        assertThat(Convolution.conv2d(x, w, null, null, "valid", null, 1).shape()).containsExactly(1, 3, 4, 2);
    }

    @Test
    void samePaddingRejectsStrides() {
        assertThatThrownBy(() -> Convolution.conv2d(Tensors.zeros(1, 1, 4, 4), Tensors.zeros(1, 1, 3, 3), null, new int[] {2}, "same", null, 1))
                .hasMessageContaining("conv2d").hasMessageContaining("strided");
    }

    @Test
    void conv1dPassesGradcheck() {
        Tensor x = randn(2, 2, 7), w = randn(4, 1, 3), b = randn(4);
        GradCheck.gradcheck(in -> Convolution.conv1d(in[0], in[1], in[2], 2, 1, 2, 2), x, w, b);
        assertThat(Convolution.conv1d(x, w, b, 2, 1, 2, 2).shape()).containsExactly(2, 4, 3);
        assertThat(Convolution.conv1d(x.select(0, 0), w, b, 1, 0, 1, 2).shape()).containsExactly(4, 5);
    }

    @ParameterizedTest(name = "stride {0} pad {1} outpad {2} dil {3} groups {4}")
    @CsvSource({"1, 0, 0, 1, 1", "2, 1, 1, 1, 1", "2, 0, 1, 2, 2", "3, 1, 2, 1, 1", "1, 0, 1, 2, 1"})
    void convTranspose2dPassesGradcheck(int stride, int pad, int outPad, int dil, int groups) {
        Tensor x = randn(2, 2, 3, 4), w = randn(2, 3, 3, 2), b = randn(3 * groups);
        int[] s = {stride, stride}, p = {pad, pad}, op = {outPad, outPad}, d = {dil, dil};
        GradCheck.gradcheck(in -> Convolution.convTranspose2d(in[0], in[1], in[2], s, p, op, groups, d), x, w, b);
        Tensor y = Convolution.convTranspose2d(x, w, b, s, p, op, groups, d);
        assertThat(y.shape()).containsExactly(2, 3 * groups, (3 - 1) * stride - 2 * pad + dil * 2 + outPad + 1,
                (4 - 1) * stride - 2 * pad + dil + outPad + 1);
    }

    @Test
    void convTranspose2dIsTheAdjointOfConv2d() {
        Tensor x = Tensors.randn(new int[] {2, 3, 7, 6}, GEN).to(DType.FLOAT64);
        Tensor w = Tensors.randn(new int[] {4, 3, 3, 3}, GEN).to(DType.FLOAT64);
        Tensor y = Tensors.randn(new int[] {2, 4, 4, 3}, GEN).to(DType.FLOAT64);
        int[] s = {2, 2}, p = {1, 1};
        double lhs = Convolution.conv2d(x, w, null, s, p, null, 1).mul(y).sum().item();
        double rhs = Convolution.convTranspose2d(y, w, null, s, p, new int[] {0, 1}, 1, null).mul(x).sum().item();
        assertThat(lhs).isCloseTo(rhs, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void convTranspose2dPassesGradgradcheck() {
        Tensor x = randn(1, 2, 2, 3), w = randn(2, 1, 2, 2);
        GradCheck.gradgradcheck(in -> Convolution.convTranspose2d(in[0], in[1], null, new int[] {2}, null, new int[] {1}, 1, null), x, w);
    }

    @Test
    void float32AndFloat64Agree() {
        Tensor x = Tensors.randn(new int[] {3, 4, 9, 9}, GEN), w = Tensors.randn(new int[] {6, 2, 3, 3}, GEN);
        Tensor y32 = Convolution.conv2d(x, w, null, new int[] {2}, new int[] {1}, null, 2);
        Tensor y64 = Convolution.conv2d(x.to(DType.FLOAT64), w.to(DType.FLOAT64), null, new int[] {2}, new int[] {1}, null, 2);
        assertThat(y32.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(y32.to(DType.FLOAT64).allclose(y64, 1e-4, 1e-5)).isTrue();
    }

    /** Float32 stride-1 convolutions take the shifted-plane kernels (padding k or more: im2col for dx); float64 takes im2col. */
    @ParameterizedTest(name = "k {0}x{1} pad {2},{3}")
    @CsvSource({"3, 3, 1, 1", "5, 5, 2, 2", "3, 5, 0, 2", "2, 2, 0, 0", "2, 3, 1, 0", "2, 2, 2, 1"})
    void stride1Float32KernelsAgreeWithFloat64(int kh, int kw, int ph, int pw) {
        assertFloat32AgreesWithFloat64(3, 4, 7, 8, 5, kh, kw, 1, 1, ph, pw);
    }

    /**
     * The stride-1 float32 kernels on awkward shapes, against float64 im2col. The forward takes the
     * direct kernel at any depth, writing each output row in place in whole vectors (two a tile,
     * the last one empty for an odd count; output channels six a tile, the last one's spare rows
     * repeating the last channel) unless that wastes more lanes than rows of the padded width do
     * plus two, and then copying the output out of such rows. The input gradient takes the
     * transposed direct kernel up to cin·kh·kw = 256 and the forward of the flipped weight beyond.
     * On small images the weight gradient takes the direct kernel with positions across the lanes for at
     * most 6 output channels, the one with output channels across the lanes (in tiles of 16, window
     * rows in tiles of 12) for cin·kh·kw from 64 to 256, per-tap GEMMs otherwise; 16 output channels
     * with windows 3 or 5 wide and 32 with windows 3 wide take tiles of window rows (channels across
     * the lanes, positions in blocks) at any size. Channel counts
     * that fill no tile, odd sizes, batch 1, kernels of one row or column, and padding wider than
     * the kernel.
     */
    @ParameterizedTest(name = "n {0} cin {1} {2}x{3} cout {4} k {5}x{6} pad {7},{8}")
    @CsvSource({
            "2, 1, 28, 28, 6, 5, 5, 2, 2",   // LeNet's first layer: weight gradient with positions across the lanes
            "3, 6, 14, 14, 16, 5, 5, 0, 0",  // LeNet's second layer: weight gradient with output channels across the lanes
            "2, 3, 9, 11, 17, 5, 5, 1, 2",   // two tiles of output channels in the weight gradient, 17 = 2·6 + 5 rows
            "1, 7, 6, 5, 5, 3, 3, 1, 1",     // depth 63, 5 output channels; batch 1
            "2, 2, 5, 3, 7, 1, 4, 0, 3",     // one-row kernel, padding wider than it; per-tap weight gradient
            "2, 3, 4, 4, 4, 2, 2, 3, 3",     // padding wider than the kernel in both axes
            "2, 1, 13, 1, 3, 3, 1, 1, 0",    // one column
            "2, 30, 5, 6, 4, 3, 3, 1, 1",    // depth 270: per-tap weight gradient, flipped-weight input gradient
            "2, 13, 7, 7, 9, 5, 5, 2, 2",    // depth 325, rows of 7 copied out of rows of 11
            "2, 3, 3, 46, 7, 3, 3, 1, 1",    // rows of 46 in place: 3 vectors a row, 9 in all; 7 output channels
            "2, 20, 14, 14, 13, 3, 3, 1, 1", // rows of 14 in place, 13 output channels
            "1, 40, 5, 30, 8, 3, 3, 1, 1",   // depth 360 with rows of 30 in place, and the flipped-weight input gradient too
            "2, 5, 7, 7, 64, 3, 3, 1, 1",    // channels across the lanes: 64 a tile, 49 positions (the last tile repeats one)
            "1, 32, 6, 5, 96, 3, 3, 1, 1",   // blocks of 64 and 32 channels; input gradient with 32 across the lanes
            "2, 3, 9, 11, 32, 5, 5, 1, 2",   // 32 channels across the lanes, a 5x5 window
            "2, 4, 9, 30, 16, 3, 3, 1, 1",   // tiles of 14 consecutive positions for 16 channels, across rows of 32
            "2, 3, 8, 9, 16, 3, 3, 0, 0",    // the same without padding: the last tiles read past the planes' last row
            "2, 6, 7, 7, 32, 3, 3, 1, 1",    // tiles of 7 positions for 32 channels
            "2, 1, 28, 28, 16, 3, 3, 1, 1",  // ResNet's stem: weight gradient by window-row tiles, three rows padded to four
            "2, 16, 9, 30, 16, 5, 5, 2, 1",  // 5-wide window-row tiles, 80 rows, positions in two blocks; 5-wide forward tiles from each row's start
            "2, 3, 6, 19, 16, 5, 5, 0, 0",   // 5-wide forward tiles from each row's start, the first row's last one running into the second row
            "2, 2, 7, 15, 16, 5, 5, 0, 0",   // 5-wide forward tiles one after the other along the span
            "2, 32, 14, 14, 32, 3, 3, 1, 1", // ResNet's 32-channel layer: window-row tiles of two vectors, positions in two blocks
    })
    void stride1Float32KernelsAgreeWithFloat64OnAwkwardShapes(int n, int cin, int h, int w, int cout, int kh, int kw, int ph, int pw) {
        assertFloat32AgreesWithFloat64(n, cin, h, w, cout, kh, kw, 1, 1, ph, pw);
    }

    /**
     * Strided float32 convolutions read the image split into stride phases ({@link ConvPlanes}):
     * forward and weight gradient as stride-1 ones do (the forward by the direct kernel, the weight
     * gradient by per-tap GEMMs beyond cin·kh·kw = 256), the input gradient always by the direct
     * kernel. Rows are split into column phases by gathers; two column phases are zipped back into
     * a row in registers, three or more by scatters. Odd and even sizes (phases of unequal size), strides that differ
     * per axis or exceed the kernel, padding, rows wider than two vectors, and ResNet's downsampling
     * shapes.
     */
    @ParameterizedTest(name = "n {0} cin {1} {2}x{3} cout {4} k {5}x{6} stride {7},{8} pad {9},{10}")
    @CsvSource({
            "2, 3, 9, 9, 5, 3, 3, 2, 2, 1, 1",      // odd size: phases of 5 and 4 rows and columns
            "2, 3, 10, 8, 4, 3, 3, 2, 2, 1, 1",     // even sizes
            "2, 2, 11, 9, 3, 3, 2, 3, 2, 0, 1",     // stride 3 by 2, no row padding
            "1, 4, 7, 12, 6, 1, 2, 2, 2, 0, 0",     // a one-row window: phases the kernel never reads
            "2, 2, 8, 8, 3, 2, 2, 3, 3, 1, 1",      // stride wider than the kernel
            "2, 5, 9, 7, 7, 5, 3, 2, 1, 2, 1",      // strided rows only
            "2, 2, 5, 1, 3, 3, 1, 2, 2, 1, 0",      // one column: its odd column phase is empty
            "2, 16, 12, 12, 8, 3, 3, 2, 2, 1, 1",   // depth 144: direct kernels, weight gradient with channels across the lanes
            "2, 32, 10, 10, 17, 3, 3, 2, 2, 1, 1",  // depth 288: per-tap weight gradient
            "2, 4, 28, 28, 5, 3, 3, 2, 2, 1, 1",    // rows of 14 in place, read from phases of 15
            "2, 3, 9, 9, 32, 3, 3, 2, 2, 1, 1",     // channels across the lanes from phases of unequal size
            "2, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1",  // ResNet's 32 to 64 downsampling
            "2, 3, 9, 10, 16, 3, 3, 2, 1, 1, 1",    // strided rows only, 16 channels: window-row tiles across row phases
            "2, 3, 6, 70, 5, 3, 3, 2, 2, 1, 1",     // rows of 70: even and odd columns zipped 32 at a time
            "1, 2, 5, 67, 4, 3, 3, 2, 2, 1, 0",     // rows of 67, no column padding: the row's first column in phase 0
    })
    void stridedFloat32KernelsAgreeWithFloat64(int n, int cin, int h, int w, int cout, int kh, int kw, int sh, int sw, int ph, int pw) {
        assertFloat32AgreesWithFloat64(n, cin, h, w, cout, kh, kw, sh, sw, ph, pw);
    }

    /**
     * 3x3 stride-1 float32 convolutions with at least 32 channels on each side and 64 on one take
     * Winograd's F(2x2, 3x3) for the forward, (as the forward of the flipped weight) the input
     * gradient and (as its adjoint, where few tiles cross the output's edge) the weight gradient:
     * odd sizes (tiles whose second row or column is dropped), padding 0 to 2, a single position,
     * and batches that end in a partial chunk of images.
     */
    @ParameterizedTest(name = "n {0} cin {1} {2}x{3} cout {4} pad {5},{6}")
    @CsvSource({
            "5, 64, 7, 7, 64, 1, 1",    // ResNet's last stage: chunks of 4 images and one of 1; the direct weight gradient
            "2, 32, 14, 14, 64, 1, 1",  // the cnn's 32 to 64 layer; its input gradient goes 64 to 32
            "2, 64, 6, 9, 32, 0, 0",    // no padding: 4x7 outputs
            "1, 48, 5, 4, 64, 2, 1",    // padding 2 by 1
            "3, 64, 1, 1, 64, 1, 1",    // one position: one tile, three of its four outputs dropped
    })
    void winogradConvolutionsAgreeWithFloat64(int n, int cin, int h, int w, int cout, int ph, int pw) {
        int oh = h + 2 * ph - 2, ow = w + 2 * pw - 2;
        assertThat(Winograd.suits(new ConvGeometry(n, cin, h, w, cout, oh, ow, 3, 3, 1, 1, ph, pw, 1, 1, 1))).isTrue();
        assertThat(Winograd.suits(new ConvGeometry(n, cout, oh, ow, cin, h, w, 3, 3, 1, 1, 2 - ph, 2 - pw, 1, 1, 1))).isTrue();
        assertFloat32AgreesWithFloat64(n, cin, h, w, cout, 3, 3, 1, 1, ph, pw);
    }

    /**
     * Winograd's forward does not depend on the thread count (its chunks of images are fixed by the
     * shape); its weight gradient adds per-thread partial sums, so is deterministic for a given
     * thread count, like the direct kernels' weight gradients. Both agree with the direct kernels.
     */
    @Test
    void winogradAgreesWithTheDirectKernelsAndItsForwardNotWithTheThreadCount() {
        Tensor x = Tensors.randn(new int[] {9, 64, 8, 8}, GEN), w = Tensors.randn(new int[] {64, 64, 3, 3}, GEN), b = Tensors.randn(new int[] {64}, GEN);
        Tensor g = Tensors.randn(new int[] {9, 64, 8, 8}, GEN);
        assertThat(Winograd.suitsWeightGradient(new ConvGeometry(9, 64, 8, 8, 64, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1))).isTrue();
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor[] serial = convolutionAndWeightGradient(x, w, b, g);
            Parallel.setThreads(3);
            Tensor[] parallel = convolutionAndWeightGradient(x, w, b, g), again = convolutionAndWeightGradient(x, w, b, g);
            Winograd.enabled = false;
            Tensor[] direct = convolutionAndWeightGradient(x, w, b, g);
            assertThat(parallel[0].toFloatArray()).containsExactly(serial[0].toFloatArray());
            assertThat(again[1].toFloatArray()).containsExactly(parallel[1].toFloatArray());
            assertThat(parallel[1].allclose(serial[1], 1e-5, 1e-3)).isTrue();
            for (int i = 0; i < 2; i++) {
                assertThat(parallel[i].allclose(direct[i], 1e-5, 1e-3)).isTrue();
                assertThat(parallel[i].toFloatArray()).isNotEqualTo(direct[i].toFloatArray()); // the two kernels did run
            }
        } finally {
            Winograd.enabled = true;
            Parallel.setThreads(saved);
        }
    }

    /**
     * The row tiles start wherever they compute fewer positions: LeNet's second layer (10 outputs
     * in rows of 14, tiles of 10) from each row's start, 100 positions against 140 along the span,
     * its result dense; 16 channels with rows of 7 in rows of 9 (tiles of 14) along the span, 4
     * tiles against 6, the result in rows of 9.
     */
    @Test
    void rowTilesStartWhereTheyComputeFewerPositions() {
        ChannelLaneKernels.RowTiles lenet = ChannelLaneKernels.rowTiles(10, 10, 14, 16, 5);
        assertThat(lenet.starts()).containsExactly(0, 14, 28, 42, 56, 70, 84, 98, 112, 126);
        assertThat(lenet.at()).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
        assertThat(lenet.dense()).isTrue();
        ChannelLaneKernels.RowTiles span = ChannelLaneKernels.rowTiles(6, 7, 9, 16, 3);
        assertThat(span.starts()).containsExactly(0, 14, 28, 42);
        assertThat(span.at()).containsExactly(0, 14, 28, 42);
        assertThat(span.dense()).isFalse();
        ChannelLaneKernels.RowTiles wide = ChannelLaneKernels.rowTiles(2, 14, 16, 32, 3);
        assertThat(wide.starts()).containsExactly(0, 7, 16, 23);
        assertThat(wide.at()).containsExactly(0, 7, 14, 21);
    }

    /** A 3x3 convolution with padding 1 and its weight's gradient for the output gradient g. */
    private static Tensor[] convolutionAndWeightGradient(Tensor x, Tensor w, Tensor b, Tensor g) {
        Tensor weight = w.detach().requiresGrad_(true);
        Tensor y = Convolution.conv2d(x, weight, b, new int[] {1, 1}, new int[] {1, 1}, null, 1);
        y.backward(g);
        return new Tensor[] {y.detach(), weight.grad()};
    }

    /** Output and the three gradients of a float32 convolution match float64 (im2col) to float rounding. */
    private static void assertFloat32AgreesWithFloat64(int n, int cin, int h, int w, int cout, int kh, int kw, int sh, int sw, int ph,
                                                       int pw) {
        Tensor x = randn(n, cin, h, w), weight = randn(cout, cin, kh, kw), b = randn(cout);
        int[] pad = {ph, pw}, stride = {sh, sw};
        Tensor y = Convolution.conv2d(x, weight, b, stride, pad, null, 1);
        Tensor g = Tensors.randn(y.shape(), GEN).to(DType.FLOAT64);
        y.backward(g);
        Tensor x32 = x.detach().to(DType.FLOAT32).requiresGrad_(true), w32 = weight.detach().to(DType.FLOAT32).requiresGrad_(true);
        Tensor b32 = b.detach().to(DType.FLOAT32).requiresGrad_(true);
        Tensor y32 = Convolution.conv2d(x32, w32, b32, stride, pad, null, 1);
        y32.backward(g.to(DType.FLOAT32));
        assertThat(y32.to(DType.FLOAT64).allclose(y, 1e-4, 1e-4)).isTrue();
        assertThat(x32.grad().to(DType.FLOAT64).allclose(x.grad(), 1e-4, 1e-4)).isTrue();
        assertThat(w32.grad().to(DType.FLOAT64).allclose(weight.grad(), 1e-4, 1e-4)).isTrue();
        assertThat(b32.grad().to(DType.FLOAT64).allclose(b.grad(), 1e-4, 1e-4)).isTrue();
    }

    @Test
    void wrongChannelsNameTheOpAndBothShapes() {
        assertThatThrownBy(() -> Convolution.conv2d(Tensors.zeros(8, 1, 28, 28), Tensors.zeros(16, 3, 5, 5), null, null, NO_PADDING, null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv2d").hasMessageContaining("(N, 3, H, W)").hasMessageContaining("[8, 1, 28, 28]")
                .hasMessageContaining("[16, 3, 5, 5]");
    }

    @Test
    void badInputsAreRejected() {
        Tensor w = Tensors.zeros(2, 1, 3, 3);
        assertThatThrownBy(() -> Convolution.conv2d(Tensors.zeros(4, 4), w, null, null, NO_PADDING, null, 1))
                .hasMessageContaining("conv2d").hasMessageContaining("(N, C, H, W)").hasMessageContaining("[4, 4]");
        assertThatThrownBy(() -> Convolution.conv2d(Tensors.zeros(1, 1, 5, 5), w, null, new int[] {0}, NO_PADDING, null, 1))
                .hasMessageContaining("stride must be positive");
        assertThatThrownBy(() -> Convolution.conv2d(Tensors.zeros(1, 1, 2, 2), w, null, null, NO_PADDING, null, 1))
                .hasMessageContaining("too small");
        assertThatThrownBy(() -> Convolution.conv2d(Tensors.zeros(1, 2, 5, 5), Tensors.zeros(3, 1, 3, 3), null, null, NO_PADDING, null, 2))
                .hasMessageContaining("not divisible by groups 2");
        assertThatThrownBy(() -> Convolution.conv2d(Tensors.zeros(1, 1, 5, 5), w, Tensors.zeros(3), null, NO_PADDING, null, 1))
                .hasMessageContaining("bias of shape [2]");
        assertThatThrownBy(() -> Convolution.convTranspose2d(Tensors.zeros(1, 2, 3, 3), w, null, new int[] {1}, null, new int[] {1}, 1, null))
                .hasMessageContaining("output padding must be smaller");
        assertThatThrownBy(() -> Convolution.conv1d(Tensors.zeros(1, 1, 5, 5), Tensors.zeros(1, 1, 3), null, 1, 0, 1, 1))
                .hasMessageContaining("conv1d").hasMessageContaining("(N, C, L)");
        assertThatThrownBy(() -> Convolution.conv1d(Tensors.zeros(1, 2, 5), Tensors.zeros(1, 1, 3), null, 1, 0, 1, 1))
                .hasMessageContaining("conv1d").hasMessageContaining("(N, 1, L)").hasMessageContaining("[1, 2, 5]");
    }
}
