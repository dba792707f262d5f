package dev.jgrad.nn.functional;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolingTest {
    private static final Generator GEN = new Generator(11);

    /** Pairwise distinct values, so max pooling has no ties and finite differences stay on one side. */
    static Tensor distinct(int... shape) {
        int n = Tensors.zeros(shape).numel();
        Tensor perm = Tensors.randperm(n, GEN).to(DType.FLOAT64).mul(0.1);
        return perm.reshape(shape).requiresGrad_(true);
    }

    static Tensor randn(int... shape) {
        return Tensors.randn(shape, GEN).to(DType.FLOAT64).requiresGrad_(true);
    }

    @ParameterizedTest(name = "k {0} s {1} p {2} d {3} ceil {4}")
    @CsvSource({"2, 2, 0, 1, false", "3, 2, 1, 1, false", "3, 2, 1, 1, true", "2, 1, 1, 2, false", "2, 3, 0, 1, true"})
    void maxPool2dPassesGradcheck(int k, int s, int p, int d, boolean ceil) {
        Tensor x = distinct(2, 2, 5, 6);
        GradCheck.gradcheck(in -> Pooling.maxPool2d(in[0], new int[] {k}, new int[] {s}, new int[] {p}, new int[] {d}, ceil), x);
    }

    @Test
    void maxPool2dValuesAndIndices() {
        Tensor x = Tensors.fromArray(new float[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 0, 3, 3}, 1, 1, 4, 4);
        var r = Pooling.maxPool2dWithIndices(x, new int[] {2}, null, null, null, false);
        assertThat(r.values().toFloatArray()).containsExactly(5, 9, 7, 3);
        assertThat(r.indices().toLongArray()).containsExactly(1, 6, 8, 14);
        assertThat(r.indices().dtype()).isEqualTo(DType.INT64);
    }

    @Test
    void maxPool2dWithoutIndicesGivesTheSameValues() {
        Tensor x = Tensors.fromArray(new float[] {1, 5, 2, Float.NaN, 3, 4, 9, 8, -0f, 0, 1, 2, 0, -0f, 3, 3}, 1, 1, 4, 4);
        Tensor values = Pooling.maxPool2d(x, new int[] {2}, null, null, null, false);
        assertThat(values.toFloatArray()).containsExactly(Pooling.maxPool2dWithIndices(x, new int[] {2}, null, null, null, false)
                .values().toFloatArray());
        assertThat(values.toFloatArray()).containsExactly(5, Float.NaN, -0f, 3);
    }

    @Test
    void maxPoolGradientGoesToTheFirstOfTies() {
        Tensor x = Tensors.ones(1, 1, 2, 2).requiresGrad_(true);
        Pooling.maxPool2d(x, new int[] {2}, null, null, null, false).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(1, 0, 0, 0);
    }

    /** Small integers (many ties) with NaNs and zeros of both signs, as float32. */
    static Tensor tiesAndNaNs(int... shape) {
        Random random = new Random(shape.length * 31L + shape[shape.length - 1]);
        float[] values = new float[Tensors.zeros(shape).numel()];
        for (int i = 0; i < values.length; i++) {
            int kind = random.nextInt(12);
            values[i] = kind == 0 ? Float.NaN : kind == 1 ? -0f : kind == 2 ? 0f : random.nextInt(4) - 1;
        }
        return Tensors.fromArray(values, shape);
    }

    /**
     * Float32 2x2 stride-2 max pooling without indices has a vectorised kernel whose backward finds
     * the argmax again; float64 takes the general one. Both must pick the same element: the last
     * NaN, else the first maximum in row-major order. Planes of odd size drop the last row/column;
     * widths past one or two vectors have ragged last chunks.
     */
    @ParameterizedTest(name = "{0}x{1}x{2}x{3} transposed {4}")
    @CsvSource({"1, 1, 2, 2, false", "2, 3, 7, 9, false", "1, 2, 28, 28, false", "2, 1, 5, 70, false", "3, 1, 2, 33, false",
            "1, 3, 65, 3, false", "2, 2, 9, 6, true", "0, 3, 10, 10, false"})
    void pairwiseMaxPoolAgreesWithTheGeneralKernel(int n, int c, int h, int w, boolean transposed) {
        Tensor x = n == 0 ? tiesAndNaNs(c, h, w) : tiesAndNaNs(n, c, h, w);
        if (transposed) x = x.transpose(-1, -2);
        Tensor x32 = x.requiresGrad_(true), x64 = x.detach().to(DType.FLOAT64).requiresGrad_(true);
        Tensor y32 = Pooling.maxPool2d(x32, new int[] {2}, null, null, null, false);
        Tensor y64 = Pooling.maxPool2d(x64, new int[] {2}, null, null, null, false);
        assertThat(y32.toFloatArray()).containsExactly(y64.to(DType.FLOAT32).toFloatArray());
        Tensor g = Tensors.randn(y32.shape(), GEN);
        y32.backward(g);
        y64.backward(g.to(DType.FLOAT64));
        assertThat(x32.grad().toFloatArray()).containsExactly(x64.grad().to(DType.FLOAT32).toFloatArray());
    }

    /** A recorded backward of the float32 pairwise kernel (create_graph) is differentiable in the output gradient. */
    @Test
    void pairwiseMaxPoolBackwardIsDifferentiable() {
        Tensor x = tiesAndNaNs(2, 3, 6, 5), weights = Tensors.randn(new int[] {2, 3, 6, 5}, GEN), v = Tensors.randn(new int[] {2, 3, 3, 2}, GEN);
        float[][] results = new float[4][];
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor input = x.to(dtype).detach().requiresGrad_(true), gradOut = v.to(dtype).detach().requiresGrad_(true);
            Tensor y = Pooling.maxPool2d(input, new int[] {2}, null, null, null, false);
            Tensor dx = Autograd.grad(new Tensor[] {y}, new Tensor[] {input}, new Tensor[] {gradOut}, true, true, false)[0];
            dx.mul(weights.to(dtype)).sum().backward();
            int at = dtype == DType.FLOAT32 ? 0 : 2;
            results[at] = dx.to(DType.FLOAT32).toFloatArray();
            results[at + 1] = gradOut.grad().to(DType.FLOAT32).toFloatArray();
        }
        assertThat(results[0]).containsExactly(results[2]);
        assertThat(results[1]).containsExactly(results[3]);
    }

    /**
     * The fused ReLU → max pool (float32 2x2 stride 2) gives bitwise the values and gradients of
     * maxPool2d(relu(x)), with NaNs, zeros of both signs, negative windows and ties; float64 and
     * other windows take the composition itself.
     */
    @ParameterizedTest(name = "{0}x{1}x{2}x{3} {4} transposed {5}")
    @CsvSource({"2, 3, 7, 9, FLOAT32, false", "1, 2, 28, 28, FLOAT32, false", "2, 1, 5, 70, FLOAT32, false",
            "2, 2, 9, 6, FLOAT32, true", "0, 3, 10, 10, FLOAT32, false", "2, 3, 7, 9, FLOAT64, false"})
    void reluMaxPoolIsReluThenMaxPoolBitForBit(int n, int c, int h, int w, DType dtype, boolean transposed) {
        Tensor x = (n == 0 ? tiesAndNaNs(c, h, w) : tiesAndNaNs(n, c, h, w)).to(dtype);
        if (transposed) x = x.transpose(-1, -2);
        Tensor fusedIn = x.detach().requiresGrad_(true), composedIn = x.detach().requiresGrad_(true);
        Tensor fused = Pooling.reluMaxPool2d(fusedIn, new int[] {2}, null, null, null, false);
        Tensor composed = Pooling.maxPool2d(composedIn.relu(), new int[] {2}, null, null, null, false);
        assertThat(fused.toFloatArray()).containsExactly(composed.toFloatArray());
        Tensor g = Tensors.randn(fused.shape(), GEN).to(dtype);
        fused.backward(g);
        composed.backward(g);
        assertThat(fusedIn.grad().toFloatArray()).containsExactly(composedIn.grad().toFloatArray());
        assertThat(fusedIn.grad().toFloatArray()).contains(0f); // some windows are cut by the ReLU
    }

    @Test
    void reluMaxPoolPassesGradcheckAndItsRecordedBackwardMatchesTheComposition() {
        GradCheck.gradcheck(in -> Pooling.reluMaxPool2d(in[0], new int[] {2}, null, null, null, false), distinct(2, 2, 5, 6).detach().sub(Tensors.scalar(6.05)).requiresGrad_(true));
        Tensor x = tiesAndNaNs(2, 3, 6, 5), weights = Tensors.randn(new int[] {2, 3, 6, 5}, GEN), v = Tensors.randn(new int[] {2, 3, 3, 2}, GEN);
        float[][] results = new float[4][];
        for (boolean fusedOp : new boolean[] {true, false}) {
            Tensor input = x.detach().requiresGrad_(true), gradOut = v.detach().requiresGrad_(true);
            Tensor y = fusedOp ? Pooling.reluMaxPool2d(input, new int[] {2}, null, null, null, false)
                    : Pooling.maxPool2d(input.relu(), new int[] {2}, null, null, null, false);
            Tensor dx = Autograd.grad(new Tensor[] {y}, new Tensor[] {input}, new Tensor[] {gradOut}, true, true, false)[0];
            dx.mul(weights).sum().backward();
            int at = fusedOp ? 0 : 2;
            results[at] = dx.toFloatArray();
            results[at + 1] = gradOut.grad().toFloatArray();
        }
        assertThat(results[0]).containsExactly(results[2]);
        assertThat(results[1]).containsExactly(results[3]);
    }

    @ParameterizedTest(name = "H {0} k {1} s {2} p {3} d {4} ceil {5} -> {6}")
    @CsvSource({"28, 2, 2, 0, 1, false, 14", "5, 2, 2, 0, 1, false, 2", "5, 2, 2, 0, 1, true, 3", "6, 3, 2, 1, 1, true, 4",
            "7, 3, 3, 1, 1, true, 3", "10, 3, 1, 1, 2, false, 8"})
    void maxPoolOutputSizeFollowsPyTorch(int h, int k, int s, int p, int d, boolean ceil, int expected) {
        Tensor y = Pooling.maxPool2d(Tensors.zeros(1, 1, h, h), new int[] {k}, new int[] {s}, new int[] {p}, new int[] {d}, ceil);
        assertThat(y.shape()).containsExactly(1, 1, expected, expected);
    }

    @Test
    void maxUnpoolInvertsMaxPoolAtTheMaxima() {
        Tensor x = distinct(2, 3, 4, 6);
        var r = Pooling.maxPool2dWithIndices(x, new int[] {2}, null, null, null, false);
        Tensor up = Pooling.maxUnpool2d(r.values(), r.indices(), new int[] {2}, null, null, null);
        assertThat(up.shape()).containsExactly(2, 3, 4, 6);
        Tensor again = Pooling.maxPool2d(up, new int[] {2}, null, null, null, false);
        assertThat(again.allclose(r.values(), 0, 0)).isTrue();
        Tensor v = randn(2, 3, 2, 3);
        GradCheck.gradcheck(in -> Pooling.maxUnpool2d(in[0], r.indices(), new int[] {2}, null, null, new int[] {5, 7}), v);
    }

    @ParameterizedTest(name = "k {0} s {1} p {2} ceil {3} includePad {4}")
    @CsvSource({"2, 2, 0, false, true", "3, 2, 1, false, true", "3, 2, 1, false, false", "3, 2, 1, true, true", "3, 2, 1, true, false",
            "2, 1, 1, true, false"})
    void avgPool2dPassesGradcheck(int k, int s, int p, boolean ceil, boolean includePad) {
        Tensor x = randn(1, 2, 5, 6);
        GradCheck.gradcheck(in -> Pooling.avgPool2d(in[0], new int[] {k}, new int[] {s}, new int[] {p}, ceil, includePad), x);
    }

    @Test
    void avgPool2dPassesGradgradcheck() {
        GradCheck.gradgradcheck(in -> Pooling.avgPool2d(in[0], new int[] {2}, new int[] {1}, new int[] {1}, true, false), randn(1, 1, 3, 3));
    }

    @Test
    void avgPoolDivisorCountsPaddingOnlyWhenAsked() {
        Tensor x = Tensors.ones(1, 1, 2, 2);
        assertThat(Pooling.avgPool2d(x, new int[] {2}, null, new int[] {1}, false, true).toFloatArray())
                .containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
        assertThat(Pooling.avgPool2d(x, new int[] {2}, null, new int[] {1}, false, false).toFloatArray())
                .containsExactly(1f, 1f, 1f, 1f);
    }

    @Test
    void lpPoolIsSumPoolingForPOne() {
        Tensor x = Tensors.arange(0, 16).to(DType.FLOAT32).reshape(1, 1, 4, 4);
        assertThat(Pooling.lpPool2d(x, 1, new int[] {2}, null).toFloatArray()).containsExactly(10, 18, 42, 50);
        assertThat(Pooling.lpPool2d(x, 2, new int[] {2, 2}, null).getDouble(0, 0, 0, 0)).isCloseTo(Math.sqrt(0 + 1 + 16 + 25),
                org.assertj.core.data.Offset.offset(1e-5));
        Tensor y = randn(1, 2, 4, 4);
        GradCheck.gradcheck(in -> Pooling.lpPool2d(in[0].abs().add(0.5), 2, new int[] {2}, new int[] {1}), y);
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({"5, 7, 3, 2", "6, 6, 4, 4", "4, 5, 1, 1", "3, 3, 5, 4"})
    void adaptivePoolsPassGradcheck(int h, int w, int oh, int ow) {
        Tensor x = distinct(2, 1, h, w);
        GradCheck.gradcheck(in -> Pooling.adaptiveAvgPool2d(in[0], new int[] {oh, ow}), x);
        GradCheck.gradcheck(in -> Pooling.adaptiveMaxPool2d(in[0], new int[] {oh, ow}), x);
        assertThat(Pooling.adaptiveAvgPool2d(x, new int[] {oh, ow}).shape()).containsExactly(2, 1, oh, ow);
    }

    @Test
    void adaptiveWindowsOverlapLikePyTorch() {
        // H = 5 to 3: windows [0, 2), [1, 4), [3, 5).
        Tensor x = Tensors.fromArray(new float[] {1, 2, 3, 4, 5}, 1, 1, 5, 1);
        assertThat(Pooling.adaptiveAvgPool2d(x, new int[] {3, 1}).toFloatArray()).containsExactly(1.5f, 3f, 4.5f);
        assertThat(Pooling.adaptiveMaxPool2d(x, new int[] {3, 1}).toFloatArray()).containsExactly(2f, 4f, 5f);
        assertThat(Pooling.adaptiveAvgPool2d(Tensors.ones(2, 3, 4, 4), new int[] {1}).shape()).containsExactly(2, 3, 1, 1);
    }

    @Test
    void badArgumentsAreRejected() {
        Tensor x = Tensors.zeros(1, 1, 4, 4);
        assertThatThrownBy(() -> Pooling.maxPool2d(Tensors.zeros(4, 4), new int[] {2}, null, null, null, false))
                .hasMessageContaining("max_pool2d").hasMessageContaining("(N, C, H, W)").hasMessageContaining("[4, 4]");
        assertThatThrownBy(() -> Pooling.maxPool2d(x, new int[] {2}, new int[] {0}, null, null, false)).hasMessageContaining("stride must be positive");
        assertThatThrownBy(() -> Pooling.reluMaxPool2d(Tensors.zeros(4, 4), new int[] {2}, null, null, null, false))
                .hasMessageContaining("max_pool2d").hasMessageContaining("(N, C, H, W)").hasMessageContaining("[4, 4]");
        assertThatThrownBy(() -> Pooling.reluMaxPool2d(x, new int[] {2}, null, new int[] {2}, null, false))
                .hasMessageContaining("padding should be at most half of kernel size");
        assertThatThrownBy(() -> Pooling.avgPool2d(x, new int[] {0}, null, null, false, true)).hasMessageContaining("kernel_size must be positive");
        assertThatThrownBy(() -> Pooling.maxPool2d(x, new int[] {2}, null, new int[] {2}, null, false))
                .hasMessageContaining("padding should be at most half of kernel size");
        assertThatThrownBy(() -> Pooling.maxPool2d(x, new int[] {5}, null, null, null, false)).hasMessageContaining("too small");
        assertThatThrownBy(() -> Pooling.adaptiveAvgPool2d(x, new int[] {0, 2})).hasMessageContaining("output_size must be positive");
    }
}
