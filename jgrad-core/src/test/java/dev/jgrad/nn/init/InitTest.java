package dev.jgrad.nn.init;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Bilinear;
import dev.jgrad.nn.Conv1d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.ConvTranspose2d;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.GroupNorm;
import dev.jgrad.nn.LayerNorm;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.PReLU;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InitTest {
    private static final JsonNode INIT = Fixtures.load("nn.json").get("init");

    @Test
    void gainsMatchPyTorch() {
        JsonNode g = INIT.get("gains");
        assertThat(Init.calculateGain("linear")).isEqualTo(g.get("linear").asDouble());
        assertThat(Init.calculateGain("conv2d")).isEqualTo(g.get("conv2d").asDouble());
        assertThat(Init.calculateGain("sigmoid")).isEqualTo(g.get("sigmoid").asDouble());
        assertThat(Init.calculateGain("tanh")).isCloseTo(g.get("tanh").asDouble(), within(1e-15));
        assertThat(Init.calculateGain("relu")).isCloseTo(g.get("relu").asDouble(), within(1e-15));
        assertThat(Init.calculateGain("leaky_relu")).isCloseTo(g.get("leaky_relu").asDouble(), within(1e-15));
        assertThat(Init.calculateGain("leaky_relu", 0.2)).isCloseTo(g.get("leaky_relu_0.2").asDouble(), within(1e-15));
        assertThat(Init.calculateGain("selu")).isEqualTo(g.get("selu").asDouble());
        assertThatThrownBy(() -> Init.calculateGain("swish", 0)).hasMessageContaining("unsupported nonlinearity \"swish\"");
    }

    @Test
    void fansMatchPyTorch() {
        for (JsonNode f : INIT.get("fans")) {
            Tensor t = Tensors.zeros(Fixtures.ints(f.get("shape")));
            assertThat(Init.fanIn(t)).isEqualTo(f.get("fan_in").asInt());
            assertThat(Init.fanOut(t)).isEqualTo(f.get("fan_out").asInt());
        }
        assertThatThrownBy(() -> Init.fanIn(Tensors.zeros(3))).hasMessageContaining("fewer than 2 dimensions");
    }

    /**
     * Each layer's default initialisation against statistics of PyTorch's (gen_nn.py
     * "default_init"): constants exactly; otherwise the same std, and for uniform initialisers
     * (max/std ≈ √3) the same bound, which pins fan-in conventions such as a transposed
     * convolution's fan-in of C_out/groups·K·K.
     */
    @Test
    void defaultLayerInitialisationHasPyTorchsDistribution() {
        Generator gen = new Generator(3);
        Map<String, Module> layers = new LinkedHashMap<>();
        layers.put("linear", new Linear(300, 2000, true, gen));
        layers.put("conv1d", new Conv1d(8, 512, 7, 1, 0, 1, 1, true, gen));
        layers.put("conv2d", new Conv2d(16, 512, new int[] {5}, Conv2d.Options.defaults(), gen));
        layers.put("conv2d_groups", new Conv2d(16, 512, new int[] {3}, Conv2d.Options.defaults().groups(4), gen));
        layers.put("conv_transpose2d", new ConvTranspose2d(64, 512, new int[] {4}, ConvTranspose2d.Options.defaults(), gen));
        layers.put("conv_transpose2d_groups", new ConvTranspose2d(64, 512, new int[] {3}, ConvTranspose2d.Options.defaults().groups(2), gen));
        layers.put("bilinear", new Bilinear(30, 20, 600, true, gen));
        layers.put("embedding", new Embedding(300, 50, gen));
        layers.put("prelu", new PReLU(8, 0.25));
        layers.put("layer_norm", new LayerNorm(16));
        layers.put("group_norm", new GroupNorm(2, 8));
        layers.put("batch_norm2d", new BatchNorm2d(8));
        JsonNode expected = INIT.get("default_init");
        assertThat(layers.keySet()).containsExactlyElementsOf(expected::fieldNames);
        layers.forEach((name, layer) -> {
            var params = layer.namedParameters();
            assertThat(params.keySet()).as(name).containsExactlyElementsOf(() -> expected.get(name).fieldNames());
            params.forEach((key, p) -> assertSameDistribution(name + "." + key, p.detach().to(DType.FLOAT64), expected.get(name).get(key)));
        });
    }

    private static void assertSameDistribution(String what, Tensor actual, JsonNode torch) {
        assertThat(actual.shape()).as(what).containsExactly(Fixtures.ints(torch.get("shape")));
        double std = torch.get("std").asDouble(), mean = torch.get("mean").asDouble();
        if (std == 0) {
            assertThat(actual.toDoubleArray()).as(what).containsOnly(mean);
            return;
        }
        int n = actual.numel();
        double torchMaxAbs = Math.max(-torch.get("min").asDouble(), torch.get("max").asDouble());
        assertThat(actual.std().item()).as(what + " std").isCloseTo(std, within(std * 6 / Math.sqrt(n)));
        assertThat(actual.mean().item()).as(what + " mean").isCloseTo(mean, within(std * 6 / Math.sqrt(n)));
        if (torchMaxAbs / std < 2) {   // uniform(-bound, bound): both samples reach within ~bound/n of the bound
            assertThat(actual.abs().max().item()).as(what + " bound").isCloseTo(torchMaxAbs, within(torchMaxAbs * 10.0 / n));
        }
    }

    @Test
    void initialisersHaveTheDocumentedSpread() {
        Generator gen = new Generator(7);
        Tensor w = Tensors.zeros(200, 300);
        assertStd(Init.xavierUniform_(w, 1, gen), Math.sqrt(2.0 / 500));
        assertThat(w.abs().max().item()).isLessThanOrEqualTo(Math.sqrt(6.0 / 500) + 1e-7);
        assertStd(Init.xavierNormal_(w, 2, gen), 2 * Math.sqrt(2.0 / 500));
        assertStd(Init.kaimingNormal_(w, 0, Init.FanMode.FAN_IN, "relu", gen), Math.sqrt(2.0 / 300));
        assertStd(Init.kaimingNormal_(w, 0, Init.FanMode.FAN_OUT, "relu", gen), Math.sqrt(2.0 / 200));
        assertStd(Init.kaimingUniform_(w, 0, Init.FanMode.FAN_IN, "relu", gen), Math.sqrt(2.0 / 300));
        assertThat(w.abs().max().item()).isLessThanOrEqualTo(Math.sqrt(6.0 / 300) + 1e-7);
        assertStd(Init.lecunNormal_(w, gen), 1 / Math.sqrt(300));
        assertStd(Init.normal_(w, 0, 0.01, gen), 0.01);
        Init.uniform_(w, -0.5, 0.5, gen);
        assertThat(w.min().item()).isGreaterThanOrEqualTo(-0.5);
        assertThat(w.max().item()).isLessThanOrEqualTo(0.5);
        assertThat(Init.constant_(w, 0.3).toDoubleArray()).containsOnly((double) 0.3f);
        assertThat(Init.zeros_(w).sum().item()).isZero();
        assertThat(Init.ones_(w).sum().item()).isEqualTo(60000);
    }

    private static void assertStd(Tensor t, double expected) {
        assertThat(t.mean().item()).isCloseTo(0, within(expected * 0.05));
        assertThat(t.std().item()).isCloseTo(expected, within(expected * 0.03));
    }

    @Test
    void initialisersWorkOnLeavesThatRequireGrad() {
        Tensor w = Tensors.zeros(4, 4).requiresGrad_(true);
        Init.kaimingUniform_(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", new Generator(0));
        assertThat(w.isLeaf()).isTrue();
        assertThat(w.abs().max().item()).isLessThanOrEqualTo(0.5);
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumnsTimesGain() {
        for (int[] shape : new int[][] {{6, 4}, {3, 7}, {4, 2, 3, 3}}) {
            Tensor w = Init.orthogonal_(Tensors.zeros(shape).to(DType.FLOAT64), 2.0, new Generator(3));
            Tensor m = w.reshape(shape[0], -1);
            int rows = m.size(0), cols = m.size(1);
            Tensor gram = rows >= cols ? m.t().matmul(m) : m.matmul(m.t());
            assertThat(gram.allclose(Tensors.eye(Math.min(rows, cols), Math.min(rows, cols), DType.FLOAT64).mul(4.0), 1e-9, 1e-9)).isTrue();
        }
    }

    @Test
    void eyeAndDirac() {
        assertThat(Init.eye_(Tensors.zeros(2, 3)).toDoubleArray()).containsExactly(1, 0, 0, 0, 1, 0);
        Tensor w = Init.dirac_(Tensors.zeros(2, 3, 3, 3));
        Tensor x = Tensors.randn(new int[] {1, 3, 5, 5}, new Generator(1));
        Tensor y = dev.jgrad.nn.functional.F.conv2d(x, w, null, null, new int[] {1}, null, 1);
        assertThat(y.allclose(x.narrow(1, 0, 2), 1e-6, 1e-6)).isTrue();
    }
}
