package dev.jgrad.nn.functional;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fused linear op against finite differences (float64) and against matmul + add (float32). */
class AffineTest {
    private static final Generator GEN = new Generator(11);

    private static Tensor randn(DType dtype, int... shape) {
        return Tensors.randn(shape, GEN).to(dtype).requiresGrad_(true);
    }

    private static int[] dims(String csv) {
        return Arrays.stream(csv.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static Function<Tensor[], Tensor> linear(boolean bias) {
        return in -> Affine.linear(in[0], in[1], bias ? in[2] : null);
    }

    private static void checkFirstAndSecondOrder(boolean bias, Tensor... inputs) {
        GradCheck.gradcheck(linear(bias), inputs);
        GradCheck.gradgradcheck(linear(bias), inputs);
    }

    @ParameterizedTest(name = "input [{0}] bias {1}")
    @CsvSource({"5, true", "5, false", "3 5, true", "3 5, false", "2 3 5, true", "2 3 5, false"})
    void passesGradcheckAndGradgradcheck(String inputShape, boolean bias) {
        Tensor x = randn(DType.FLOAT64, dims(inputShape)), w = randn(DType.FLOAT64, 4, 5);
        checkFirstAndSecondOrder(bias, bias ? new Tensor[] {x, w, randn(DType.FLOAT64, 4)} : new Tensor[] {x, w});
    }

    @Test
    void passesGradcheckWhenOnlySomeInputsRequireGrad() {
        Tensor x = Tensors.randn(new int[] {3, 5}, GEN).to(DType.FLOAT64), w = randn(DType.FLOAT64, 4, 5), b = randn(DType.FLOAT64, 4);
        checkFirstAndSecondOrder(true, x, w, b);
        Tensor frozenW = w.detach(), xg = x.requiresGrad_(true);
        checkFirstAndSecondOrder(true, xg, frozenW, b);
        checkFirstAndSecondOrder(true, xg, w, b.detach());
    }

    @Test
    void passesGradcheckOnNonContiguousInputs() {
        Tensor x = randn(DType.FLOAT64, 5, 3).detach().t().requiresGrad_(true);                 // (3, 5), transposed
        Tensor w = randn(DType.FLOAT64, 4, 10).detach().slice(1, 0, 10, 2).requiresGrad_(true); // (4, 5), every other column
        Tensor b = randn(DType.FLOAT64, 8).detach().slice(0, 1, 8, 2).requiresGrad_(true);      // (4), stride 2
        checkFirstAndSecondOrder(true, x, w, b);
    }

    /** The composition the fused op replaces. */
    private static Tensor composed(Tensor x, Tensor w, Tensor b) {
        Tensor y = x.matmul(w.t());
        return b == null ? y : y.add(b);
    }

    /** Output and the three gradients for one gradient of the output, for a linear map f. */
    private static Tensor[] outputAndGrads(Function<Tensor[], Tensor> f, Tensor x, Tensor w, Tensor b, Tensor gradOut) {
        Tensor[] in = {x.detach().requiresGrad_(true), w.detach().requiresGrad_(true), b == null ? null : b.detach().requiresGrad_(true)};
        Tensor y = f.apply(in);
        y.backward(gradOut);
        return new Tensor[] {y.detach(), in[0].grad(), in[1].grad(), b == null ? null : in[2].grad()};
    }

    @ParameterizedTest(name = "input [{0}] out {1} bias {2}")
    @CsvSource({"1 1, 1, true", "7 13, 5, true", "7 13, 5, false", "33 17, 19, true", "2 5 17, 3, true", "17, 9, true",
            "64 784, 256, true", "200 31, 10, true", "0 4, 3, true", "3 0, 4, true"})
    void float32MatchesMatmulPlusAdd(String inputShape, int out, boolean bias) {
        int[] xs = dims(inputShape);
        Tensor x = Tensors.randn(xs, GEN), w = Tensors.randn(new int[] {out, xs[xs.length - 1]}, GEN);
        Tensor b = bias ? Tensors.randn(new int[] {out}, GEN) : null;
        int[] ys = xs.clone();
        ys[ys.length - 1] = out;
        Tensor gradOut = Tensors.randn(ys, GEN);
        Tensor[] fused = outputAndGrads(in -> Affine.linear(in[0], in[1], in[2]), x, w, b, gradOut);
        Tensor[] reference = outputAndGrads(in -> composed(in[0], in[1], in[2]), x, w, b, gradOut);
        for (int i = 0; i < fused.length; i++) {
            if (reference[i] == null) continue;
            assertThat(fused[i].dtype()).isEqualTo(DType.FLOAT32);
            assertThat(fused[i].shape()).as("shape %d", i).containsExactly(reference[i].shape());
            float[] got = fused[i].toFloatArray(), want = reference[i].toFloatArray();
            for (int j = 0; j < want.length; j++) {
                assertThat(got[j]).as("result %d element %d", i, j).isCloseTo(want[j], within(1e-5f * (1 + Math.abs(want[j]))));
            }
        }
        if (bias) assertThat(fused[3].toFloatArray()).as("bias gradient: column sums in the same order").containsExactly(reference[3].toFloatArray());
    }

    @Test
    void float32MatchesMatmulPlusAddOnNonContiguousInputs() {
        Tensor x = Tensors.randn(new int[] {9, 6}, GEN).t(), w = Tensors.randn(new int[] {4, 27}, GEN).slice(1, 1, 27, 3);
        Tensor b = Tensors.randn(new int[] {8}, GEN).slice(0, 0, 8, 2), gradOut = Tensors.randn(new int[] {6, 4}, GEN);
        Tensor[] fused = outputAndGrads(in -> Affine.linear(in[0], in[1], in[2]), x, w, b, gradOut);
        Tensor[] reference = outputAndGrads(in -> composed(in[0], in[1], in[2]), x, w, b, gradOut);
        for (int i = 0; i < fused.length; i++) {
            assertThat(fused[i].toFloatArray()).usingComparatorWithPrecision(1e-5f).containsExactly(reference[i].toFloatArray());
        }
    }

    @Test
    void otherDtypesAndBroadcastBiasesComposeMatmulAndAdd() {
        Tensor x = Tensors.fromArray(new long[] {1, 2, 3, 4}, 2, 2), w = Tensors.fromArray(new long[] {1, 0, 1, 1}, 2, 2);
        assertThat(Affine.linear(x, w, null).toDoubleArray()).containsExactly(1, 3, 3, 7);
        Tensor xf = Tensors.randn(new int[] {3, 4}, GEN), wf = Tensors.randn(new int[] {2, 4}, GEN), scalarBias = Tensors.tensor(0.5).to(DType.FLOAT32);
        assertThat(Affine.linear(xf, wf, scalarBias).toFloatArray())
                .usingComparatorWithPrecision(1e-6f).containsExactly(composed(xf, wf, scalarBias).toFloatArray());
    }

    @Test
    void biasGradientIsTheSameOnOneThreadAndMany() {
        // Wide enough that the column sums split over the pool.
        Tensor x = Tensors.randn(new int[] {3, 2}, GEN), w = Tensors.randn(new int[] {40_000, 2}, GEN), b = Tensors.zeros(40_000);
        Tensor gradOut = Tensors.randn(new int[] {3, 40_000}, GEN);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor serial = outputAndGrads(in -> Affine.linear(in[0], in[1], in[2]), x, w, b, gradOut)[3];
            Parallel.setThreads(4);
            Tensor parallel = outputAndGrads(in -> Affine.linear(in[0], in[1], in[2]), x, w, b, gradOut)[3];
            assertThat(parallel.toFloatArray()).containsExactly(serial.toFloatArray());
            assertThat(parallel.toFloatArray()).containsExactly(gradOut.sum(0, false).toFloatArray());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void inferenceRecordsNothing() {
        Tensor x = Tensors.randn(new int[] {2, 3}, GEN), w = randn(DType.FLOAT32, 4, 3), b = randn(DType.FLOAT32, 4);
        try (var noGrad = Autograd.noGrad()) {
            Tensor y = Affine.linear(x, w, b);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.gradFn()).isNull();
        }
        assertThat(Affine.linear(x, w, b).gradFn().name()).isEqualTo("linear");
    }
}
