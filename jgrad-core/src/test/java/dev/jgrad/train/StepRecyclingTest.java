package dev.jgrad.train;

import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.models.Models;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.GradientDescent;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.SGD;
import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A recycled step gives every array it issued back to the pool except those of what it keeps: the
 * next steps must reuse them without changing any number, and nothing that outlives the step may
 * be among them. The model's activations (batch 8, 32 channels of 28×28) are large enough to be pooled.
 */
class StepRecyclingTest {
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private final Tensor x = Tensors.randn(new int[] {8, 1, 28, 28}, new Generator(3));
    private final Tensor y = Tensors.randint(0, 10, new int[] {8}, new Generator(4));

    private static Module model() {
        return Models.create("cnn", 1, 28, 10, new Generator(5));
    }

    /** Trains a fresh model for four steps, recycling each step's arrays or not; returns the parameters and losses. */
    private List<float[]> train(String recycle, Function<Module, Optimizer> optimizer) {
        Module model = model();
        Optimizer opt = optimizer.apply(model);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StepRecycling step = switch (recycle) {
                case "chained" -> StepRecycling.openChained(model, opt, loss);
                case "plain" -> StepRecycling.open(model, opt, loss);
                default -> null;
            };
            assertThat(step == null || step.recycles()).isTrue();
            try {
                opt.zeroGrad();
                Tensor l = loss.call(model.call(x), y);
                l.backward();
                opt.step();
                out.add(new float[] {(float) l.item()});
            } finally {
                if (step != null) step.close();
            }
        }
        for (Tensor p : model.parameters()) out.add(p.toFloatArray());
        for (Tensor b : model.buffers()) out.add(b.toFloatArray());
        return out;
    }

    @Test
    void recycledStepsTrainToTheSameNumbersAsPlainOnes() {
        // Momentum, Nesterov and Adam's moments are state created in the first step: recycling it would change later steps.
        Function<Module, Optimizer> sgd = m -> new SGD(m.parameters(), new SGD.Options().lr(0.05).momentum(0.9).nesterov(true).weightDecay(5e-4));
        Function<Module, Optimizer> adam = m -> new Adam(m.parameters(), 1e-3);
        for (Function<Module, Optimizer> opt : List.of(sgd, adam)) {
            List<float[]> plain = train("none", opt);
            for (String kind : List.of("plain", "chained")) {
                long freeBefore = BufferPool.freeFloats();
                List<float[]> recycled = train(kind, opt);
                assertThat(recycled).hasSameSizeAs(plain);
                for (int i = 0; i < plain.size(); i++) assertThat(recycled.get(i)).as("%s: tensor %d", kind, i).containsExactly(plain.get(i));
                assertThat(BufferPool.freeFloats()).as("activations given back").isGreaterThan(freeBefore);
            }
        }
    }

    @Test
    void theNextStepReusesWhatTheLastGaveBackButNotWhatItKept() {
        float[] given, kept;
        try (BufferPool.Step step = BufferPool.openStep()) {
            given = data(Tensors.randn(64, 1024).relu());
            Tensor keep = Tensors.randn(64, 1024).relu();
            kept = data(keep);
            step.keep(keep);
        }
        List<float[]> next = new ArrayList<>();
        try (BufferPool.Step step = BufferPool.openStep()) {
            for (int i = 0; i < 2; i++) {
                Tensor r = Tensors.randn(64, 1024);
                next.add(data(r));
                next.add(data(r.relu()));
            }
        }
        assertThat(next).anyMatch(d -> d == given).noneMatch(d -> d == kept);
    }

    @Test
    void arraysHandedOutDuringAStepOutliveIt() {
        Module model = new Sequential(new Linear(4, 4));
        Optimizer opt = new SGD(model.parameters(), 0.1);
        Tensor source = Tensors.randn(new int[] {64, 1024}, new Generator(9));
        float[] expected = source.relu().toFloatArray(), handedOut;
        try (StepRecycling step = StepRecycling.open(model, opt)) {
            handedOut = source.relu().toFloatArray();
        }
        for (int i = 0; i < 3; i++) {
            try (StepRecycling step = StepRecycling.open(model, opt)) {
                Tensors.randn(64, 1024).relu().neg();
            }
        }
        assertThat(handedOut).containsExactly(expected);
    }

    @Test
    void kernelScratchFirstAllocatedInAStepIsNotGivenBack() {
        // A dilated convolution goes through im2col into per-thread scratch that outlives the step;
        // one image, so the calling thread runs it. Its column matrix, 72 × 9216 floats, is larger
        // than any other test's, so the scratch is (re)allocated inside the step.
        Tensor x = Tensors.randn(new int[] {1, 8, 96, 96}, new Generator(11));
        Tensor w = Tensors.randn(new int[] {8, 8, 3, 3}, new Generator(12));
        int[] one = {1, 1}, two = {2, 2};
        Module model = new Sequential(new Linear(4, 4));
        Optimizer opt = new SGD(model.parameters(), 0.1);
        try (StepRecycling step = StepRecycling.open(model, opt)) {
            dev.jgrad.nn.functional.F.conv2d(x, w, null, one, two, two, 1);
        }
        try (StepRecycling step = StepRecycling.open(model, opt)) {
            Tensor ones = Tensors.full(new int[] {72 * 9216}, 1.0);
            dev.jgrad.nn.functional.F.conv2d(x, w, null, one, two, two, 1);
            assertThat(ones.sum().item()).isEqualTo(72 * 9216.0);
        }
    }

    @Test
    void userCodeOrHooksInTheStepTurnRecyclingOff() {
        assertThat(recycles(model(), loss)).isTrue();
        class Custom extends Module {
            @Override public Tensor forward(Tensor input) { return input; }
        }
        assertThat(recycles(new Sequential(new Linear(4, 4), new Custom()))).as("custom module").isFalse();
        Module hooked = model();
        hooked.modules().get(1).registerForwardHook((m, in, out) -> null);
        assertThat(recycles(hooked)).as("hook").isFalse();
        assertThat(recycles(model(), new Object() {})).as("anonymous collaborator").isFalse();
        Module m = model();
        Optimizer custom = new Optimizer("Custom", List.of(new ParamGroup(m.parameters())), new GradientDescent.Options()) {
            @Override protected void validate(java.util.Map<String, Object> options) {}
            @Override protected void updateGroup(ParamGroup group) {}
        };
        try (StepRecycling step = StepRecycling.open(m, custom)) {
            assertThat(step.recycles()).as("custom optimiser").isFalse();
        }
        try (StepRecycling step = StepRecycling.open(m, new SGD(m.parameters(), 0.1))) {
            assertThat(step.recycles()).as("jgrad's optimiser").isTrue();
        }
        try (StepRecycling outer = StepRecycling.open(model(), null)) {
            assertThat(outer.recycles()).isTrue();
            assertThat(recycles(model())).as("nested").isFalse();
        }
    }

    /** A model whose first weight's gradient (64 × 512 floats) is pooled; returns that weight. */
    private static Tensor weightOf(Module model) {
        return model.parameters().get(0);
    }

    /** One step on a fresh batch: chained, plain, or with a collaborator of the user's (no recycling). */
    private static void step(Module model, Optimizer opt, String kind, Generator g) {
        Tensor in = Tensors.randn(new int[] {4, 512}, g), target = Tensors.randint(0, 64, new int[] {4}, g);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        try (StepRecycling step = switch (kind) {
            case "chained" -> StepRecycling.openChained(model, opt, loss);
            case "plain" -> StepRecycling.open(model, opt, loss);
            default -> StepRecycling.open(model, opt, loss, new Object() {});
        }) {
            opt.zeroGrad();
            loss.call(model.call(in), target).backward();
            opt.step();
        }
    }

    @Test
    void chainedStepsReuseTheGradientsThatZeroGradReplaced() {
        Module model = new Sequential(new Linear(512, 64));
        Optimizer opt = new SGD(model.parameters(), 0.1);
        Generator g = new Generator(21);
        step(model, opt, "chained", g);
        float[] first = data(weightOf(model).grad());
        step(model, opt, "chained", g); // replaces the first gradient, which comes back when this step closes
        assertThat(data(weightOf(model).grad())).isNotSameAs(first);
        step(model, opt, "chained", g);
        assertThat(data(weightOf(model).grad())).as("third gradient reuses the first's array").isSameAs(first);
    }

    @Test
    void aGradientKeptOutsideChainedStepsIsNeverGivenBack() {
        for (String between : List.of("plain", "user")) {
            Module model = new Sequential(new Linear(512, 64));
            Optimizer opt = new SGD(model.parameters(), 0.1);
            Generator g = new Generator(22);
            step(model, opt, "chained", g);
            // The loop of a plain step, or user code in a step, may take the last gradient and keep it.
            Tensor held = weightOf(model).grad();
            float[] before = held.toFloatArray();
            step(model, opt, between, g);
            for (int i = 0; i < 3; i++) step(model, opt, "chained", g);
            assertThat(data(weightOf(model).grad())).as(between).isNotSameAs(data(held));
            assertThat(held.toFloatArray()).as(between).containsExactly(before);
        }
    }

    @Test
    void nullsAreRejectedByName() {
        assertThatThrownBy(() -> StepRecycling.open(null, null)).hasMessage("StepRecycling.open: model is null");
        assertThatThrownBy(() -> StepRecycling.open(model(), null, loss, null)).hasMessage("StepRecycling.open: others[1] is null");
    }

    private static boolean recycles(Module model, Object... others) {
        try (StepRecycling step = StepRecycling.open(model, null, others)) {
            return step.recycles();
        }
    }

    private static float[] data(Tensor t) {
        return t == null ? null : ((Storage.F32) t.storage()).data;
    }
}
