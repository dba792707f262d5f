package dev.jgrad.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.nn.models.LeNet5;
import dev.jgrad.nn.models.Mlp;
import dev.jgrad.nn.models.ResNet;
import dev.jgrad.nn.models.VggSmall;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleTest {
    private static final JsonNode FIXTURE = Fixtures.load("nn.json");

    static class Base extends Module {
        final Parameter first = new Parameter(Tensors.ones(2));

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(first.data());
        }
    }

    static class Derived extends Base {
        @Name("running_total") final Buffer total = new Buffer(Tensors.zeros(2));
        final Linear fc = new Linear(2, 3, true, new Generator(1));
        final Parameter absent = null;
        transient Parameter skipped = new Parameter(Tensors.ones(1));
        final Parameter second = new Parameter(Tensors.zeros(3));
        Tensor plain = Tensors.ones(4);

        Derived() {
            registerParameter("dynamic", Tensors.ones(1));
            registerBuffer("scratch", new Buffer(Tensors.zeros(1), false));
        }
    }

    @Test
    void discoversFieldsInDeclarationOrderSuperclassFirstThenRegistered() {
        var m = new Derived();
        assertThat(m.namedParameters().keySet()).containsExactly("first", "second", "dynamic", "fc.weight", "fc.bias");
        assertThat(m.namedBuffers().keySet()).containsExactly("running_total", "scratch");
        assertThat(m.stateDict().keySet())
                .containsExactly("first", "second", "dynamic", "running_total", "fc.weight", "fc.bias");
        assertThat(m.namedChildren().keySet()).containsExactly("fc");
        assertThat(m.namedModules().keySet()).containsExactly("", "fc");
        assertThat(m.numParameters()).isEqualTo(2 + 3 + 1 + 6 + 3);
        assertThat(m.parameters()).allSatisfy(p -> assertThat(p.requiresGrad()).isTrue());
    }

    @Test
    void forEachStateTensorVisitsTheParametersAndBuffersOfEveryModule() {
        var shared = new Derived();
        var model = new Sequential(shared, new ReLU(), new Sequential(shared, new BatchNorm1d(3)));
        Set<Tensor> expected = Collections.newSetFromMap(new IdentityHashMap<>()), visited = Collections.newSetFromMap(new IdentityHashMap<>());
        expected.addAll(model.parameters());
        expected.addAll(model.buffers());
        model.forEachStateTensor(visited::add);
        assertThat(expected).hasSize(5 + 2 + 5); // Derived's parameters and buffers (shared: once), BatchNorm1d's two and three
        assertThat(visited).isEqualTo(expected);
    }

    @Test
    void registeringAnExistingNameFails() {
        var m = new Derived();
        assertThatThrownBy(() -> m.registerParameter("fc", Tensors.ones(1))).hasMessageContaining("\"fc\" already exists");
        assertThatThrownBy(() -> m.registerModule("a.b", new ReLU())).hasMessageContaining("no '.'");
    }

    @Test
    void sequentialNamesChildrenByIndexAndNestsDottedNames() {
        var features = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        var model = new Module() {
            final Sequential encoder = features;

            @Override
            public Tensor forward(Tensor x) {
                return encoder.call(x);
            }
        };
        assertThat(model.namedParameters().keySet())
                .containsExactly("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias");
        assertThat(features.get(2)).isInstanceOf(Linear.class);
        assertThat(features.get(-1)).isSameAs(features.get(2));
        assertThat(model.call(Tensors.ones(5, 4)).shape()).containsExactly(5, 2);
    }

    @Test
    void sharedParametersAreCountedOnce() {
        var shared = new Linear(3, 3);
        var seq = new Sequential(shared, new ReLU(), shared);
        assertThat(seq.parameters()).hasSize(2);
        assertThat(seq.numParameters()).isEqualTo(12);
        assertThat(seq.stateDict().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    }

    @Test
    void moduleListAndDictRegisterTheirModules() {
        var list = new ModuleList(new Linear(2, 2), new Linear(2, 1));
        var dict = new ModuleDict(new LinkedHashMap<>(Map.of("head", new Linear(2, 4))));
        var owner = new Module() {
            final ModuleList blocks = list;
            final ModuleDict heads = dict;

            @Override
            public Tensor forward(Tensor x) {
                for (Module b : blocks) x = b.call(x);
                return x;
            }
        };
        assertThat(owner.stateDict().keySet())
                .containsExactly("blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias", "heads.head.weight", "heads.head.bias");
        assertThat(dict.get("head")).isInstanceOf(Linear.class);
        assertThatThrownBy(() -> dict.get("tail")).hasMessageContaining("no module named \"tail\"");
        assertThatThrownBy(() -> list.call(Tensors.ones(1, 2))).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet", "cnn", "resnet"})
    void stateDictKeysShapesAndDtypesMatchThePyTorchBenchmarkModels(String workload) {
        Module model = switch (workload) {
            case "mlp" -> new Mlp(784, 256, 10);
            case "lenet" -> new LeNet5();
            case "cnn" -> new VggSmall();
            default -> ResNet.small();
        };
        JsonNode expected = FIXTURE.get("bench_models").get(workload);
        List<String> keys = new ArrayList<>();
        expected.get("keys").forEach(k -> keys.add(k.asText()));
        var sd = model.stateDict();
        assertThat(new ArrayList<>(sd.keySet())).isEqualTo(keys);
        int i = 0;
        for (Tensor t : sd.values()) {
            assertThat(t.shape()).as(keys.get(i)).containsExactly(Fixtures.ints(expected.get("shapes").get(i)));
            assertThat(t.dtype()).as(keys.get(i)).isEqualTo(DType.fromName(expected.get("dtypes").get(i).asText()));
            i++;
        }
        assertThat(model.numParameters()).isEqualTo(expected.get("num_parameters").asLong());
    }

    @Test
    void parameterCountsOfTheClassicModels() {
        assertThat(new LeNet5().numParameters()).isEqualTo(61_706);
        assertThat(new Mlp(784, 256, 10).numParameters()).isEqualTo(203_530);
        assertThat(new Conv2d(3, 16, 3).numParameters()).isEqualTo(3 * 3 * 3 * 16 + 16);
    }

    @Test
    void loadStateDictCopiesInPlaceAndKeepsTensorIdentity() {
        var a = new Mlp(new int[] {4, 3, 2}, ReLU::new, 0, new Generator(1));
        var b = new Mlp(new int[] {4, 3, 2}, ReLU::new, 0, new Generator(2));
        Tensor weightBefore = b.parameters().get(0);
        var result = b.loadStateDict(a.stateDict(), true);
        assertThat(result.missingKeys()).isEmpty();
        assertThat(result.unexpectedKeys()).isEmpty();
        assertThat(b.parameters().get(0)).isSameAs(weightBefore);
        assertThat(b.parameters().get(0).equal(a.parameters().get(0))).isTrue();
        assertThat(b.parameters().get(0).requiresGrad()).isTrue();
    }

    @Test
    void strictLoadListsEveryMissingUnexpectedAndMisshapedKey() {
        var model = new LeNet5();
        var state = new LinkedHashMap<>(model.stateDict());
        state.remove("0.bias");
        state.remove("11.weight");
        state.put("extra.weight", Tensors.ones(1));
        state.put("3.weight", Tensors.zeros(16, 6, 3, 3));
        assertThatThrownBy(() -> model.loadStateDict(state, true))
                .hasMessageContaining("Error(s) in loading state_dict for LeNet5")
                .hasMessageContaining("Missing key(s) in state_dict: \"0.bias\", \"11.weight\"")
                .hasMessageContaining("Unexpected key(s) in state_dict: \"extra.weight\"")
                .hasMessageContaining("size mismatch for 3.weight: copying a param with shape [16, 6, 3, 3] from checkpoint, "
                        + "the shape in current model is [16, 6, 5, 5]");
    }

    @Test
    void nonStrictLoadReportsMissingAndUnexpectedKeysButStillRejectsShapes() {
        var model = new Mlp(4, 3, 2);
        var state = new LinkedHashMap<>(model.stateDict());
        state.remove("3.bias");
        state.put("bogus", Tensors.ones(2));
        var result = model.loadStateDict(state, false);
        assertThat(result.missingKeys()).containsExactly("3.bias");
        assertThat(result.unexpectedKeys()).containsExactly("bogus");
        state.put("1.weight", Tensors.ones(2, 2));
        assertThatThrownBy(() -> model.loadStateDict(state, false)).hasMessageContaining("size mismatch for 1.weight");
    }

    @Test
    void batchNormStateRoundTripsIncludingTheInt64Counter() {
        var bn = new BatchNorm2d(3);
        bn.call(Tensors.randn(new int[] {4, 3, 2, 2}, new Generator(0)));
        var copy = new BatchNorm2d(3);
        copy.loadStateDict(bn.stateDict());
        assertThat(copy.numBatchesTracked.data().itemLong()).isEqualTo(1);
        assertThat(copy.runningMean.data().equal(bn.runningMean.data())).isTrue();
        assertThat(bn.stateDict().keySet()).containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
    }

    @Test
    void trainAndEvalPropagateToDescendants() {
        var model = new VggSmall();
        model.eval();
        assertThat(model.modules()).allSatisfy(m -> assertThat(m.isTraining()).isFalse());
        model.train();
        assertThat(model.modules()).allSatisfy(m -> assertThat(m.isTraining()).isTrue());
    }

    @Test
    void zeroGradSetsGradientsToNull() {
        var fc = new Linear(3, 2);
        fc.call(Tensors.ones(4, 3)).sum().backward();
        assertThat(fc.weight.grad()).isNotNull();
        fc.zeroGrad();
        assertThat(fc.weight.grad()).isNull();
        assertThat(fc.bias.grad()).isNull();
    }

    @Test
    void requiresGradFreezesParameters() {
        var fc = new Linear(3, 2);
        fc.requiresGrad_(false);
        assertThat(fc.numTrainableParameters()).isZero();
        assertThat(fc.numParameters()).isEqualTo(8);
    }

    @Test
    void applyVisitsChildrenBeforeParents() {
        var seq = new Sequential(new Linear(2, 2), new Sequential(new ReLU()));
        List<String> order = new ArrayList<>();
        seq.apply(m -> order.add(m.typeName()));
        assertThat(order).containsExactly("Linear", "ReLU", "Sequential", "Sequential");
    }

    @Test
    void forwardHooksCanReplaceInputAndOutputAndBeRemoved() {
        var relu = new ReLU();
        var pre = relu.registerForwardPreHook((m, x) -> x.neg());
        var post = relu.registerForwardHook((m, x, y) -> y.mul(10.0));
        assertThat(relu.call(Tensors.tensor(-1, 2)).toDoubleArray()).containsExactly(10, 0);
        pre.remove();
        post.remove();
        assertThat(relu.call(Tensors.tensor(-1, 2)).toDoubleArray()).containsExactly(0, 2);
    }

    @Test
    void backwardHookSeesTheOutputGradient() {
        var fc = new Linear(3, 2);
        List<Tensor> seen = new ArrayList<>();
        try (var handle = fc.registerFullBackwardHook((m, g) -> {
            seen.add(g);
            return g.mul(2.0);
        })) {
            fc.call(Tensors.ones(1, 3)).sum().backward();
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).toDoubleArray()).containsExactly(1, 1);
        assertThat(fc.bias.grad().toDoubleArray()).containsExactly(2, 2);
    }

    @Test
    void summaryListsLayersShapesAndTotals() {
        String s = new LeNet5().summary(1, 1, 28, 28);
        assertThat(s).contains("Layer (type:depth-idx)", "Output Shape", "Param #")
                .contains("LeNet5", "├─Conv2d: 1-1", "[1, 6, 28, 28]", "156")
                .contains("├─MaxPool2d: 1-6", "[1, 16, 5, 5]")
                .contains("├─Linear: 1-12", "[1, 10]", "850")
                .contains("Total params: 61,706", "Trainable params: 61,706", "Non-trainable params: 0");
        var resnet = ResNet.small();
        String r = resnet.summary(2, 1, 28, 28);
        assertThat(r).contains("│    ├─BasicBlock: 2-3", "│    │    ├─Conv2d: 3-1", "[2, 64, 7, 7]", "[2, 10]");
        assertThat(resnet.isTraining()).isTrue();
    }

    @Test
    void toStringMatchesPyTorchRepr() {
        JsonNode reprs = FIXTURE.get("reprs");
        assertThat(new LeNet5().toString()).isEqualTo(reprs.get("lenet").asText().replace("Sequential(", "LeNet5("));
        assertThat(new dev.jgrad.nn.models.BasicBlock(16, 32, 2, new Generator(0)).toString()).isEqualTo(reprs.get("resnet_block").asText());
        assertThat(new BatchNorm2d(16).toString()).isEqualTo(reprs.get("bn").asText());
        assertThat(new Linear(784, 128).toString()).isEqualTo(reprs.get("linear").asText());
        assertThat(new Conv2d(1, 16, 3, Conv2d.Options.defaults().padding(1).bias(false)).toString()).isEqualTo(reprs.get("conv_nobias").asText());
        assertThat(new Conv2d(2, 4, 3, Conv2d.Options.defaults().padding("same").dilation(2).groups(2)).toString())
                .isEqualTo(reprs.get("conv_same").asText());
        assertThat(new LeakyReLU(0.1).toString()).isEqualTo(reprs.get("leaky").asText());
        assertThat(new Dropout(0.25).toString()).isEqualTo(reprs.get("dropout").asText());
        assertThat(new LayerNorm(64).toString()).isEqualTo(reprs.get("layernorm").asText());
        assertThat(new GELU("tanh").toString()).isEqualTo(reprs.get("gelu").asText());
        assertThat(new Softplus().toString()).isEqualTo(reprs.get("softplus").asText());
        assertThat(new MaxPool2d(2).toString()).isEqualTo(reprs.get("maxpool").asText());
        assertThat(new Flatten().toString()).isEqualTo(reprs.get("flatten").asText());
        assertThat(new Embedding(10, 3).toString()).isEqualTo(reprs.get("embedding").asText());
        assertThat(new ELU().toString()).isEqualTo(reprs.get("elu").asText());
    }

    /** Sequential runs BatchNorm then ReLU fused; a hook on either still sees the unfused steps, and results are identical. */
    @Test
    void sequentialFusesBatchNormReluUnlessHooked() {
        Tensor x = Tensors.randn(new int[] {4, 3, 5, 5}, new Generator(7));
        Sequential plain = new Sequential(new BatchNorm2d(3), new ReLU());
        Tensor fused = plain.call(x);
        assertThat(fused.gradFn().name()).isEqualTo("batch_norm_relu");
        Sequential hooked = new Sequential(new BatchNorm2d(3), new ReLU());
        List<Tensor> seen = new ArrayList<>();
        hooked.get(1).registerForwardHook((m, in, out) -> {
            seen.add(in);
            return null;
        });
        Tensor unfused = hooked.call(x);
        assertThat(unfused.gradFn().name()).isEqualTo("relu");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).gradFn().name()).isEqualTo("batch_norm");
        assertThat(fused.equal(unfused)).isTrue();
        assertThat(plain.get(0).hasHooks()).isFalse();
        assertThat(hooked.get(1).hasHooks()).isTrue();
    }

    /** Sequential runs ReLU then MaxPool2d fused as one pooling step; a hook on either keeps the two steps, with identical results. */
    @Test
    void sequentialFusesReluMaxPoolUnlessHooked() {
        Tensor x = Tensors.randn(new int[] {2, 3, 6, 6}, new Generator(8)).requiresGrad_(true);
        Tensor fused = new Sequential(new ReLU(), new MaxPool2d(2)).call(x);
        assertThat(fused.gradFn().name()).isEqualTo("relu_max_pool2d");
        for (int hookedAt = 0; hookedAt < 2; hookedAt++) {
            Sequential hooked = new Sequential(new ReLU(), new MaxPool2d(2));
            List<Tensor> seen = new ArrayList<>();
            hooked.get(hookedAt).registerForwardHook((m, in, out) -> {
                seen.add(in);
                return null;
            });
            Tensor unfused = hooked.call(x);
            assertThat(unfused.gradFn().name()).isEqualTo("max_pool2d");
            assertThat(seen).hasSize(1);
            assertThat(fused.equal(unfused)).isTrue();
        }
    }
}
