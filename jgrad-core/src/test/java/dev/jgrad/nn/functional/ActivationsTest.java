package dev.jgrad.nn.functional;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ActivationsTest {
    /** float64 samples kept away from the kinks at 0 and ±1 so central differences are valid. */
    static Tensor sample(long seed, int... shape) {
        Tensor x = Tensors.randn(shape, new Generator(seed)).to(DType.FLOAT64).mul(2.0);
        Tensor nudged = x.add(Tensors.where(x.abs().lt(0.1), x.sign().add(0.5).mul(0.2), Tensors.zerosLike(x)));
        Tensor awayFromOne = nudged.add(Tensors.where(nudged.abs().sub(1.0).abs().lt(0.05), nudged.sign().mul(0.1), Tensors.zerosLike(x)));
        return awayFromOne.requiresGrad_(true);
    }

    @TestFactory
    List<DynamicTest> everyActivationPassesGradcheckAndGradgradcheck() {
        Map<String, Function<Tensor, Tensor>> acts = new java.util.LinkedHashMap<>();
        acts.put("relu", F::relu);
        acts.put("leakyRelu", x -> F.leakyRelu(x, 0.1));
        acts.put("elu", x -> F.elu(x, 0.7));
        acts.put("selu", F::selu);
        acts.put("gelu", x -> F.gelu(x, "none"));
        acts.put("geluTanh", x -> F.gelu(x, "tanh"));
        acts.put("silu", F::silu);
        acts.put("softplus", x -> F.softplus(x, 1.5, 2));
        acts.put("hardtanh", x -> F.hardtanh(x, -1, 1));
        acts.put("logsigmoid", F::logsigmoid);
        acts.put("sigmoid", F::sigmoid);
        acts.put("tanh", F::tanh);
        acts.put("softmax", x -> F.softmax(x, 1));
        acts.put("logSoftmax", x -> F.logSoftmax(x, 0));
        acts.put("maxout", x -> F.maxout(x, 2, 1));
        acts.put("prelu", x -> F.prelu(x, Tensors.tensor(0.2, -0.1, 0.3, 0.5).to(DType.FLOAT64)));
        return acts.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Tensor x = sample(e.getKey().hashCode(), 3, 4);
            GradCheck.gradcheck(in -> e.getValue().apply(in[0]), x);
            GradCheck.gradgradcheck(in -> e.getValue().apply(in[0]), x);
        })).toList();
    }

    @Test
    void preluWeightGradientPassesGradcheck() {
        Tensor x = sample(1, 2, 3, 2), w = Tensors.tensor(0.1, 0.25, -0.3).to(DType.FLOAT64).requiresGrad_(true);
        GradCheck.gradcheck(in -> F.prelu(in[0], in[1]), x, w);
        Tensor shared = Tensors.tensor(0.25).to(DType.FLOAT64).requiresGrad_(true);
        GradCheck.gradcheck(in -> F.prelu(in[0], in[1]), x, shared);
    }

    @Test
    void seluUsesPyTorchsExactConstants() {
        assertThat(Activations.SELU_ALPHA).isEqualTo(1.6732632423543772);
        assertThat(Activations.SELU_SCALE).isEqualTo(1.0507009873554805);
        assertThat(F.selu(Tensors.tensor(-1000.0).to(DType.FLOAT64)).item()).isCloseTo(-1.6732632423543772 * 1.0507009873554805, within(1e-15));
    }

    @Test
    void softplusAndLogsigmoidStayFiniteForHugeInputs() {
        Tensor x = Tensors.tensor(-1000, -50, 50, 1000).requiresGrad_(true);
        Tensor y = F.logsigmoid(x);
        assertThat(y.toDoubleArray()).containsExactly(new double[] {-1000, -50, -1.9287499e-22, 0}, within(1e-28));
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(new double[] {1, 1, 1.9287499e-22, 0}, within(1e-28));
    }

    @Test
    void maxoutKeepsTheLargestOfEachGroup() {
        Tensor x = Tensors.tensor(new double[][] {{1, 5, -2, -1, 7, 3}});
        assertThat(F.maxout(x, 2, 1).toDoubleArray()).containsExactly(5, -1, 7);
        assertThat(F.maxout(x, 3, 1).toDoubleArray()).containsExactly(5, 7);
        assertThatThrownBy(() -> F.maxout(x, 4, 1)).hasMessageContaining("not divisible by pieces 4");
    }

    @Test
    void preluRejectsAWeightThatDoesNotMatchTheChannels() {
        assertThatThrownBy(() -> F.prelu(Tensors.ones(2, 3), Tensors.ones(4)))
                .hasMessage("prelu: weight has 4 elements but the input [2, 3] has 3 channels");
    }

    @Test
    void geluRejectsUnknownApproximation() {
        assertThatThrownBy(() -> F.gelu(Tensors.ones(1), "erf")).hasMessageContaining("\"none\" or \"tanh\"");
    }

    /** The fused residual join on a tensor big enough for the parallel float32 kernel. */
    @Test
    void addReluEqualsAddThenReluAndFloat32MatchesFloat64() {
        Tensor a64 = Tensors.randn(new int[] {2, 16, 40, 40}, new Generator(3)).to(DType.FLOAT64);
        Tensor b64 = Tensors.randn(new int[] {2, 16, 40, 40}, new Generator(4)).to(DType.FLOAT64);
        Tensor g64 = Tensors.randn(new int[] {2, 16, 40, 40}, new Generator(5)).to(DType.FLOAT64);
        Tensor[] fused64 = addReluWithGradients(a64, b64, g64, true), fused32 = addReluWithGradients(a64, b64, g64, false);
        Tensor[] separate32 = addThenReluWithGradients(a64.to(DType.FLOAT32), b64.to(DType.FLOAT32), g64.to(DType.FLOAT32));
        assertThat(fused64[0].gt(0.0).sum().item()).isBetween(20_000.0, 31_000.0); // both sides of the kink are exercised
        for (int i = 0; i < 3; i++) {
            assertThat(fused32[i].toFloatArray()).containsExactly(separate32[i].toFloatArray());
            assertThat(fused32[i].to(DType.FLOAT64).allclose(fused64[i], 1e-6, 1e-6)).isTrue();
        }
    }

    /** {out, dA, dB} of addRelu in float64 or float32. */
    private static Tensor[] addReluWithGradients(Tensor a64, Tensor b64, Tensor g64, boolean float64) {
        DType t = float64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor a = a64.to(t).detach().requiresGrad_(true), b = b64.to(t).detach().requiresGrad_(true);
        Tensor out = a.addRelu(b);
        out.backward(g64.to(t));
        return new Tensor[] {out.detach(), a.grad(), b.grad()};
    }

    private static Tensor[] addThenReluWithGradients(Tensor a32, Tensor b32, Tensor g32) {
        Tensor a = a32.requiresGrad_(true), b = b32.requiresGrad_(true);
        Tensor out = a.add(b).relu();
        out.backward(g32);
        return new Tensor[] {out.detach(), a.grad(), b.grad()};
    }

    /** Every lane position of the vectorised float32 ReLU follows the float64 rule, specials included. */
    @Test
    void reluFloat32MatchesFloat64WithSpecialValues() {
        double[] values = new double[67];
        double[] specials = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -1e-30, 1e-30};
        for (int i = 0; i < values.length; i++) values[i] = i % 3 == 0 ? specials[i % specials.length] : (i % 2 == 0 ? i : -i) * 0.37;
        Tensor x64 = Tensors.fromArray(values, values.length);
        float[] relu32 = x64.to(DType.FLOAT32).relu().toFloatArray();
        double[] relu64 = x64.relu().toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            assertThat(Float.floatToIntBits(relu32[i])).as("relu(%s)", values[i]).isEqualTo(Float.floatToIntBits((float) relu64[i]));
        }
        // A contiguous view that starts inside its storage: the kernel reads at an offset.
        float[] sliced = x64.to(DType.FLOAT32).narrow(0, 5, 60).relu().toFloatArray();
        for (int i = 0; i < sliced.length; i++) {
            assertThat(Float.floatToIntBits(sliced[i])).as("relu(%s)", values[i + 5]).isEqualTo(Float.floatToIntBits((float) relu64[i + 5]));
        }
    }
}
