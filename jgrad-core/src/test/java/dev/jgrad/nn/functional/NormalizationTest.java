package dev.jgrad.nn.functional;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NormalizationTest {
    private static final Generator GEN = new Generator(3);

    static Tensor randn(int... shape) {
        return Tensors.randn(shape, GEN).to(DType.FLOAT64).requiresGrad_(true);
    }

    static int[] shapeOfRank(int rank) {
        return switch (rank) {
            case 2 -> new int[] {5, 3};
            case 3 -> new int[] {3, 2, 4};
            default -> new int[] {2, 3, 3, 2};
        };
    }

    @ParameterizedTest(name = "rank {0}")
    @ValueSource(ints = {2, 3, 4})
    void batchNormTrainingPassesGradcheck(int rank) {
        int[] shape = shapeOfRank(rank);
        int c = shape[1];
        Tensor x = randn(shape), w = randn(c), b = randn(c);
        GradCheck.gradcheck(in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), x, w, b);
        GradCheck.gradcheck(in -> Normalization.batchNorm(in[0], null, null, null, null, true, 0.1, 1e-5), x);
    }

    @Test
    void batchNormTrainingPassesGradgradcheck() {
        Tensor x = randn(3, 2, 2), w = randn(2), b = randn(2);
        GradCheck.gradgradcheck(in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), x, w, b);
        GradCheck.gradgradcheck(in -> Normalization.batchNorm(in[0], null, null, null, null, true, 0.1, 1e-5), x);
    }

    @Test
    void batchNormEvalPassesGradcheckAndUsesRunningStats() {
        Tensor x = randn(3, 2, 2, 2), w = randn(2), b = randn(2);
        Tensor mean = Tensors.tensor(0.5, -1).to(DType.FLOAT64), var = Tensors.tensor(2, 0.5).to(DType.FLOAT64);
        GradCheck.gradcheck(in -> Normalization.batchNorm(in[0], mean, var, in[1], in[2], false, 0.1, 1e-5), x, w, b);
        GradCheck.gradgradcheck(in -> Normalization.batchNorm(in[0], mean, var, in[1], in[2], false, 0.1, 1e-5), x, w, b);
        Tensor y = Normalization.batchNorm(x, mean, var, null, null, false, 0.1, 0);
        assertThat(y.getDouble(1, 1, 0, 1)).isCloseTo((x.getDouble(1, 1, 0, 1) + 1) / Math.sqrt(0.5), within(1e-12));
    }

    /** The fused float32 kernels (vector lanes plus tails, one value per channel and plane) against the float64 path. */
    @ParameterizedTest(name = "shape {0}")
    @ValueSource(strings = {"6,3,7,5", "40,4", "2,5,33"})
    void batchNormFloat32KernelsAgreeWithFloat64(String dims) {
        int[] shape = java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        int c = shape[1];
        Tensor x64 = Tensors.randn(shape, GEN).to(DType.FLOAT64).mul(3).add(5).requiresGrad_(true);
        Tensor w64 = randn(c), b64 = randn(c), g64 = Tensors.randn(shape, GEN).to(DType.FLOAT64);
        Tensor x32 = x64.detach().to(DType.FLOAT32).requiresGrad_(true);
        Tensor w32 = w64.detach().to(DType.FLOAT32).requiresGrad_(true), b32 = b64.detach().to(DType.FLOAT32).requiresGrad_(true);
        Tensor y64 = Normalization.batchNorm(x64, null, null, w64, b64, true, 0.1, 1e-5);
        Tensor y32 = Normalization.batchNorm(x32, null, null, w32, b32, true, 0.1, 1e-5);
        y64.backward(g64);
        y32.backward(g64.to(DType.FLOAT32));
        assertThat(y32.to(DType.FLOAT64).allclose(y64, 1e-5, 1e-5)).isTrue();
        assertThat(x32.grad().to(DType.FLOAT64).allclose(x64.grad(), 1e-4, 1e-5)).isTrue();
        assertThat(w32.grad().to(DType.FLOAT64).allclose(w64.grad(), 1e-4, 1e-4)).isTrue();
        assertThat(b32.grad().to(DType.FLOAT64).allclose(b64.grad(), 1e-5, 1e-4)).isTrue();

        Tensor mean = Tensors.randn(new int[] {c}, GEN), var = Tensors.rand(new int[] {c}, GEN).add(0.5);
        try (var noGrad = dev.jgrad.autograd.Autograd.noGrad()) {
            Tensor e64 = Normalization.batchNorm(x64, mean.to(DType.FLOAT64), var.to(DType.FLOAT64), w64, b64, false, 0.1, 1e-5);
            Tensor e32 = Normalization.batchNorm(x32, mean, var, w32, b32, false, 0.1, 1e-5);
            assertThat(e32.to(DType.FLOAT64).allclose(e64, 1e-5, 1e-5)).isTrue();
        }
    }

    /**
     * The fused float32 batch norm + ReLU against batchNorm(...).relu(): bit for bit, forward and
     * every gradient, in training (plane sizes off the vector length, with and without affine) and in
     * evaluation; running statistics updated the same.
     */
    @ParameterizedTest(name = "shape {0}")
    @ValueSource(strings = {"6,3,7,5", "40,4", "2,5,33", "3,2,16"})
    void batchNormReluIsBatchNormThenReluBitForBit(String dims) {
        int[] shape = java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        int c = shape[1];
        Tensor x = Tensors.randn(shape, GEN), g = Tensors.randn(shape, GEN);
        for (boolean affine : new boolean[] {true, false}) {
            Tensor[] fused = batchNormReluStep(x, g, c, affine, true), composed = batchNormReluStep(x, g, c, affine, false);
            for (int i = 0; i < fused.length; i++) {
                if (fused[i] == null) continue;
                assertThat(fused[i].equal(composed[i])).as("result %d, affine %s", i, affine).isTrue();
            }
        }
    }

    /** y, dx, dγ, dβ, running mean and var, eval output after one training step of batchNormRelu or batchNorm().relu(). */
    private static Tensor[] batchNormReluStep(Tensor x0, Tensor g, int c, boolean affine, boolean fused) {
        Tensor x = x0.detach().requiresGrad_(true);
        Tensor w = affine ? Tensors.linspace(0.5, 1.5, c).requiresGrad_(true) : null, b = affine ? Tensors.linspace(-0.2, 0.3, c).requiresGrad_(true) : null;
        Tensor rm = Tensors.zeros(c), rv = Tensors.ones(c);
        Tensor y = fused ? Normalization.batchNormRelu(x, rm, rv, w, b, true, 0.1, 1e-5)
                : Normalization.batchNorm(x, rm, rv, w, b, true, 0.1, 1e-5).relu();
        y.backward(g);
        Tensor eval;
        try (var noGrad = dev.jgrad.autograd.Autograd.noGrad()) {
            eval = fused ? Normalization.batchNormRelu(x, rm, rv, w, b, false, 0.1, 1e-5)
                    : Normalization.batchNorm(x, rm, rv, w, b, false, 0.1, 1e-5).relu();
        }
        return new Tensor[] {y, x.grad(), affine ? w.grad() : null, affine ? b.grad() : null, rm, rv, eval};
    }

    @Test
    void batchNormReluPassesGradcheckAndSecondOrderInFloat32() {
        Tensor x = randn(4, 3, 2, 3), w = randn(3), b = randn(3);
        GradCheck.gradcheck(in -> Normalization.batchNormRelu(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), x, w, b);
        GradCheck.gradcheck(in -> Normalization.batchNormRelu(in[0], null, null, null, null, true, 0.1, 1e-5), x);
        // create_graph through the fused float32 node takes its differentiable backward: same first derivative, and a second one
        Tensor x32 = x.detach().to(DType.FLOAT32).requiresGrad_(true), w32 = w.detach().to(DType.FLOAT32).requiresGrad_(true);
        Tensor[] fused = dev.jgrad.autograd.Autograd.grad(new Tensor[] {Normalization.batchNormRelu(x32, null, null, w32, null, true, 0.1, 1e-5).pow(2).sum()},
                new Tensor[] {x32, w32}, null, true, true, false);
        Tensor[] composed = dev.jgrad.autograd.Autograd.grad(new Tensor[] {Normalization.batchNorm(x32, null, null, w32, null, true, 0.1, 1e-5).relu().pow(2).sum()},
                new Tensor[] {x32, w32}, null, true, true, false);
        assertThat(fused[0].allclose(composed[0], 1e-5, 1e-5)).isTrue();
        assertThat(fused[1].allclose(composed[1], 1e-5, 1e-5)).isTrue();
        assertThat(fused[0].requiresGrad()).isTrue();
        fused[1].sum().backward();
        assertThat(w32.grad()).isNotNull();
    }

    @Test
    void batchNormTrainingNormalisesAndUpdatesRunningStats() {
        Tensor x = Tensors.randn(new int[] {8, 3, 4, 4}, GEN).mul(3).add(2);
        Tensor rm = Tensors.zeros(3), rv = Tensors.ones(3);
        Tensor y = Normalization.batchNorm(x, rm, rv, null, null, true, 0.1, 1e-5);
        int[] dims = {0, 2, 3};
        assertThat(y.mean(dims, false).toFloatArray()).containsExactly(new float[] {0, 0, 0}, within(1e-5f));
        assertThat(y.var(dims, 0, false).toFloatArray()).containsExactly(new float[] {1, 1, 1}, within(1e-3f));
        Tensor batchMean = x.mean(dims, false), batchVar = x.var(dims, 1, false);
        assertThat(rm.allclose(batchMean.mul(0.1), 1e-5, 1e-6)).isTrue();
        assertThat(rv.allclose(batchVar.mul(0.1).add(0.9), 1e-5, 1e-6)).isTrue();
        assertThat(rm.requiresGrad()).isFalse();
    }

    @Test
    void batchNormRejectsBadInputs() {
        assertThatThrownBy(() -> Normalization.batchNorm(Tensors.zeros(1, 3), null, null, null, null, true, 0.1, 1e-5))
                .hasMessageContaining("batch_norm").hasMessageContaining("more than 1 value per channel").hasMessageContaining("[1, 3]");
        assertThatThrownBy(() -> Normalization.batchNorm(Tensors.zeros(4, 3), Tensors.zeros(2), Tensors.ones(2), null, null, false, 0.1, 1e-5))
                .hasMessageContaining("running_mean of shape [3]").hasMessageContaining("[2]");
        assertThatThrownBy(() -> Normalization.batchNorm(Tensors.zeros(4, 3), null, null, null, null, false, 0.1, 1e-5))
                .hasMessageContaining("evaluation mode");
    }

    @Test
    void layerNormPassesGradcheck() {
        Tensor x = randn(2, 3, 4), w = randn(3, 4), b = randn(3, 4);
        GradCheck.gradcheck(in -> Normalization.layerNorm(in[0], new int[] {3, 4}, in[1], in[2], 1e-5), x, w, b);
        GradCheck.gradcheck(in -> Normalization.layerNorm(in[0], new int[] {4}, null, null, 1e-5), x);
        assertThatThrownBy(() -> Normalization.layerNorm(Tensors.zeros(2, 3), new int[] {4}, null, null, 1e-5))
                .hasMessageContaining("layer_norm").hasMessageContaining("[*, 4]").hasMessageContaining("[2, 3]");
    }

    @Test
    void groupNormPassesGradcheck() {
        Tensor x = randn(2, 4, 3), w = randn(4), b = randn(4);
        GradCheck.gradcheck(in -> Normalization.groupNorm(in[0], 2, in[1], in[2], 1e-5), x, w, b);
        assertThatThrownBy(() -> Normalization.groupNorm(Tensors.zeros(2, 4, 3), 3, null, null, 1e-5))
                .hasMessageContaining("group_norm").hasMessageContaining("divisible by num_groups");
    }

    @Test
    void instanceNormPassesGradcheck() {
        Tensor x = randn(2, 2, 2, 3), w = randn(2), b = randn(2);
        GradCheck.gradcheck(in -> Normalization.instanceNorm(in[0], in[1], in[2], 1e-5), x, w, b);
        Tensor y = Normalization.instanceNorm(x, null, null, 1e-5);
        assertThat(y.mean(new int[] {2, 3}, false).toDoubleArray()).containsExactly(new double[4], within(1e-12));
    }

    @Test
    void localResponseNormPassesGradcheck() {
        Tensor x = randn(2, 5, 2, 2);
        GradCheck.gradcheck(in -> Normalization.localResponseNorm(in[0], 3, 1e-1, 0.75, 1), x);
        GradCheck.gradcheck(in -> Normalization.localResponseNorm(in[0], 2, 2e-1, 0.75, 2), x);
        // Channel 0 with size 3 sees channels -1 (padding), 0 and 1.
        double x0 = x.getDouble(0, 0, 0, 0), x1 = x.getDouble(0, 1, 0, 0);
        double expected = x0 / Math.pow(1 + 0.1 / 3 * (x0 * x0 + x1 * x1), 0.75);
        assertThat(Normalization.localResponseNorm(x, 3, 0.1, 0.75, 1).getDouble(0, 0, 0, 0)).isCloseTo(expected, within(1e-12));
    }
}
