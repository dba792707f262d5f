package dev.jgrad.nn.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.functional.Losses;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelsTest {
    private static final JsonNode FIXTURE = Fixtures.load("nn.json");

    private static Map<String, Tensor> stateDict(JsonNode node) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> state.put(e.getKey(), Fixtures.tensor(e.getValue())));
        return state;
    }

    /** Every parameter's gradient equals PyTorch's, and the names are the same. */
    private static void assertGradients(Module net, JsonNode expected, double rtol, double atol) {
        var params = net.namedParameters();
        assertThat(params.keySet()).containsExactlyElementsOf(expected::fieldNames);
        expected.fields().forEachRemaining(e ->
                Fixtures.assertClose("grad " + e.getKey(), params.get(e.getKey()).grad(), Fixtures.tensor(e.getValue()), rtol, atol));
    }

    @Test
    void leNet5WithPyTorchWeightsGivesPyTorchsLogitsLossAndGradients() {
        JsonNode f = FIXTURE.get("lenet");
        var net = new LeNet5();
        net.loadStateDict(stateDict(f.get("state_dict")), true);
        Tensor logits = net.call(Fixtures.tensor(f.get("input")));
        Fixtures.assertClose("logits", logits, Fixtures.tensor(f.get("logits")), 1e-4, 1e-6);
        Tensor loss = Losses.crossEntropy(logits, Fixtures.tensor(f.get("target")));
        assertThat(loss.item()).isCloseTo(f.get("loss").asDouble(), within(1e-6));
        loss.backward();
        assertGradients(net, f.get("grads"), 1e-4, 1e-6);
    }

    /**
     * Two small ResNets (basic blocks with identity and projection shortcuts; bottleneck blocks)
     * whose BatchNorms carry non-default affine parameters and running statistics: train-mode
     * logits, loss, every gradient and the updated running statistics, then eval-mode logits,
     * all as PyTorch computes them from the same state dict.
     */
    @ParameterizedTest
    @ValueSource(strings = {"basic", "bottleneck"})
    void smallResNetsWithPyTorchWeightsTrainAndEvaluateLikePyTorch(String variant) {
        JsonNode f = FIXTURE.get("resnets").get(variant), cfg = f.get("config");
        int stemChannels = cfg.get("stem_channels").asInt();
        Generator gen = new Generator(0);
        var stem = new Sequential(new Conv2d(1, stemChannels, new int[] {3}, Conv2d.Options.defaults().padding(1).bias(false), gen),
                new BatchNorm2d(stemChannels), new ReLU());
        var net = new ResNet(stem, stemChannels, ResNet.Block.valueOf(cfg.get("block").asText().toUpperCase(Locale.ROOT)),
                Fixtures.ints(cfg.get("blocks")), Fixtures.ints(cfg.get("widths")), Fixtures.ints(cfg.get("strides")),
                cfg.get("classes").asInt(), gen);
        net.loadStateDict(stateDict(f.get("state_dict")), true);
        Tensor x = Fixtures.tensor(f.get("input"));

        Tensor logits = net.call(x);
        Fixtures.assertClose("train logits", logits, Fixtures.tensor(f.get("logits")), 1e-4, 1e-5);
        Tensor loss = Losses.crossEntropy(logits, Fixtures.tensor(f.get("target")));
        assertThat(loss.item()).isCloseTo(f.get("loss").asDouble(), within(1e-5));
        loss.backward();
        assertGradients(net, f.get("grads"), 1e-4, 1e-6);
        var state = net.stateDict();
        f.get("buffers_after").fields().forEachRemaining(e ->
                Fixtures.assertClose(e.getKey() + " after one training step", state.get(e.getKey()), Fixtures.tensor(e.getValue()), 1e-5, 1e-6));

        net.eval();
        try (var noGrad = Autograd.noGrad()) {
            Fixtures.assertClose("eval logits", net.call(x), Fixtures.tensor(f.get("eval_logits")), 1e-4, 1e-5);
        }
    }

    @Test
    void everyRegisteredModelRunsForwardAndBackward() {
        Tensor x = Tensors.randn(new int[] {2, 1, 28, 28}, new Generator(0));
        for (String name : Models.names()) {
            if (name.equals("resnet18")) continue;
            Module m = Models.create(name, 1, 28, 10, new Generator(1));
            Tensor y = m.call(x);
            if (name.equals("unet")) {
                assertThat(y.shape()).as(name).containsExactly(2, 10, 28, 28);
            } else {
                assertThat(y.shape()).as(name).containsExactly(2, 10);
            }
            y.square().mean().backward();
            assertThat(m.parameters()).as(name).allSatisfy(p -> assertThat(p.grad()).isNotNull());
        }
        assertThatThrownBy(() -> Models.create("transformer")).hasMessageContaining("unknown model \"transformer\"");
    }

    @Test
    void resnet18HasTheUsualStructure() {
        var net = ResNet.resnet18(1, 10, new Generator(0));
        // torchvision resnet18: 11,689,512 for 3 channels and 1000 classes; 1 channel and 10 classes leave 11,175,370.
        assertThat(net.numParameters()).isEqualTo(11_175_370L);
        try (var s = Autograd.noGrad()) {
            net.eval();
            assertThat(net.call(Tensors.zeros(1, 1, 32, 32)).shape()).containsExactly(1, 10);
        }
    }

    @Test
    void smallResNetHasProjectionShortcutsOnlyWhereTheShapeChanges() {
        var net = ResNet.small();
        assertThat(net.stateDict().keySet()).contains("layers.2.short.0.weight", "layers.4.short.1.running_var")
                .doesNotContain("layers.0.short.0.weight", "layers.3.short.0.weight");
        assertThat(net.numParameters()).isEqualTo(174_970);
    }

    @Test
    void bottleneckResNetAndDenseBlockAndUNetVariants() {
        Generator gen = new Generator(2);
        var bottleneck = new ResNet(new dev.jgrad.nn.Sequential(new dev.jgrad.nn.Conv2d(1, 8, 3, 1, 1)), 8, ResNet.Block.BOTTLENECK,
                new int[] {1, 1}, new int[] {4, 8}, new int[] {1, 2}, 3, gen);
        assertThat(bottleneck.call(Tensors.zeros(2, 1, 8, 8)).shape()).containsExactly(2, 3);
        assertThat(bottleneck.stateDict().keySet()).contains("layers.0.c3.weight", "layers.0.short.0.weight", "layers.1.b3.running_mean");
        var dense = new DenseBlock(4, 3, 3, gen);
        assertThat(dense.call(Tensors.zeros(2, 4, 5, 5)).shape()).containsExactly(2, 13, 5, 5);
        assertThat(dense.outChannels()).isEqualTo(13);
        var unet = new UNet(1, 2, 2, 4, "strided", "bilinear", gen);
        assertThat(unet.call(Tensors.zeros(1, 1, 8, 8)).shape()).containsExactly(1, 2, 8, 8);
        assertThatThrownBy(() -> unet.call(Tensors.zeros(1, 1, 6, 6))).hasMessageContaining("divisible by 4");
    }

    @Test
    void mixtureDensityHeadPredictsThreeHeads() {
        var head = new MixtureDensityHead(5, 3, new Generator(3));
        Tensor x = Tensors.randn(new int[] {4, 5}, new Generator(4));
        assertThat(head.call(x).shape()).containsExactly(4, 9);
        Tensor nll = head.nll(x, Tensors.tensor(0.1, -0.5, 1.2, 0));
        nll.backward();
        assertThat(head.pi.weight.grad()).isNotNull();
        assertThat(head.sigma.bias.grad()).isNotNull();
    }

    @Test
    void mlpOptionsAddActivationsAndDropout() {
        var mlp = new Mlp(new int[] {10, 8, 6, 2}, dev.jgrad.nn.GELU::new, 0.1, new Generator(0));
        assertThat(mlp.stateDict().keySet()).containsExactly("1.weight", "1.bias", "4.weight", "4.bias", "7.weight", "7.bias");
        assertThat(mlp.get(2)).isInstanceOf(dev.jgrad.nn.GELU.class);
        assertThat(mlp.get(3)).isInstanceOf(dev.jgrad.nn.Dropout.class);
        assertThat(new LogisticRegression(784, 10).numParameters()).isEqualTo(7850);
        assertThat(new LinearSVM(784, 10).call(Tensors.zeros(3, 1, 28, 28)).shape()).containsExactly(3, 10);
    }
}
