package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.nn.models.Models;
import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Freeing a no-grad forward pass's intermediate activations as the next layer consumes them: the
 * arrays are reused by the next pass, results stay bit-identical, and nothing a caller, a user's
 * module or a hook can still see is freed.
 */
class IntermediatesTest {
    /** Big enough that every activation is a pooled array (64 KiB or more). */
    private static final int FEATURES = 512, BATCH = 64;

    @ParameterizedTest
    @CsvSource({"mlp, 64, 16384", "lenet, 16, 75264", "cnn, 16, 401408", "resnet, 8, 100352"})
    void noGradPassesReuseTheirActivationsAndGiveTheSameNumbers(String name, int batch, int largestActivation) {
        Module model = Models.create(name, 1, 28, 10, new Generator(3));
        model.eval();
        Generator gen = new Generator(4);
        Tensor x1 = Tensors.randn(new int[] {batch, 1, 28, 28}, gen), x2 = Tensors.randn(new int[] {batch, 1, 28, 28}, gen);
        // With gradients recorded nothing is freed: the reference.
        float[] expected1 = model.call(x1).toFloatArray(), expected2 = model.call(x2).toFloatArray();
        try (var noGrad = Autograd.noGrad()) {
            Tensor out1 = model.call(x1);
            long reused = BufferPool.reusedFloats();
            Tensor out2 = model.call(x2); // on the arrays the first pass freed, dirty
            assertThat(BufferPool.reusedFloats() - reused).as("floats the second pass took from the pool")
                    .isGreaterThanOrEqualTo(largestActivation);
            assertThat(out1.toFloatArray()).as("the first output is the caller's: not reused").containsExactly(expected1);
            assertThat(out2.toFloatArray()).containsExactly(expected2);
            assertThat(model.call(x1).toFloatArray()).containsExactly(expected1);
        }
    }

    /** A user's module that keeps the last input it saw. */
    static final class KeepsInput extends Module {
        Tensor kept;

        @Override
        public Tensor forward(Tensor x) {
            kept = x;
            return x.mul(2);
        }
    }

    private static Linear linear(int seed) {
        return new Linear(FEATURES, FEATURES, true, new Generator(seed));
    }

    @Test
    void aTensorAUserModuleKeptIsNotFreed() {
        KeepsInput keeper = new KeepsInput();
        Sequential model = new Sequential(linear(1), keeper, linear(2));
        try (var noGrad = Autograd.noGrad()) {
            model.call(Tensors.randn(new int[] {BATCH, FEATURES}, new Generator(5)));
            Tensor kept = keeper.kept;
            float[] values = kept.toFloatArray();
            model.call(Tensors.randn(new int[] {BATCH, FEATURES}, new Generator(6)));
            assertThat(keeper.kept).isNotSameAs(kept);
            assertThat(kept.toFloatArray()).containsExactly(values);
        }
    }

    @Test
    void aTensorAHookKeptIsNotFreed() {
        ReLU relu = new ReLU();
        Tensor[] kept = new Tensor[1];
        Sequential model = new Sequential(linear(1), relu, linear(2));
        try (var noGrad = Autograd.noGrad(); var hook = relu.registerForwardHook((m, in, out) -> {
            kept[0] = out;
            return null;
        })) {
            model.call(Tensors.randn(new int[] {BATCH, FEATURES}, new Generator(5)));
            Tensor first = kept[0];
            float[] values = first.toFloatArray();
            model.call(Tensors.randn(new int[] {BATCH, FEATURES}, new Generator(6)));
            assertThat(first.toFloatArray()).containsExactly(values);
        }
    }

    @Test
    void nullsAreRejectedByName() {
        assertThatThrownBy(() -> Intermediates.open(null, Tensors.zeros(1))).hasMessage("Intermediates.open: owner is null");
        assertThatThrownBy(() -> Intermediates.open(new ReLU(), null)).hasMessage("Intermediates.open: input is null");
    }

    @Test
    void onlyJgradsOwnModulesWithoutHooksAreVouchedFor() {
        Sequential own = new Sequential(linear(1), new ReLU(), new Sequential(new Flatten(), linear(2)));
        assertThat(own.isOwnWithoutHooks()).isTrue();
        assertThat(new Sequential(linear(1), new Sequential(new KeepsInput())).isOwnWithoutHooks()).isFalse();
        assertThat(new Sequential(new Linear(2, 2) {}).isOwnWithoutHooks()).as("an anonymous subclass is the user's").isFalse();
        try (var hook = ((Sequential) own.get(2)).get(0).registerForwardPreHook((m, in) -> null)) {
            assertThat(own.isOwnWithoutHooks()).isFalse();
        }
        assertThat(own.isOwnWithoutHooks()).isTrue();
    }

    @Test
    void theInputIsNotFreedEvenWhenAnOuterPassAllocatedIt() {
        Sequential model = new Sequential(linear(1), new ReLU(), linear(2));
        try (var noGrad = Autograd.noGrad(); BufferPool.Scope outer = BufferPool.open()) {
            Tensor x = Tensors.randn(new int[] {BATCH, FEATURES}, new Generator(7)).mul(1); // issued by the outer scope
            float[] input = x.toFloatArray();
            model.call(x);
            assertThat(x.toFloatArray()).containsExactly(input);
        }
    }

    @Test
    void aViewOfTheInputOrOfTheResultIsNotFreed() {
        // Flatten returns a view of its input, and Identity the input itself: their storage lives on.
        Sequential model = new Sequential(new Identity(), new Flatten(), linear(1), new Identity(), new Flatten(), linear(2));
        Tensor x = Tensors.randn(new int[] {BATCH, FEATURES}, new Generator(7));
        float[] input = x.toFloatArray(), expected = model.call(x).toFloatArray();
        try (var noGrad = Autograd.noGrad()) {
            Tensor first = model.call(x);
            assertThat(model.call(x).toFloatArray()).containsExactly(expected);
            assertThat(first.toFloatArray()).containsExactly(expected);
        }
        assertThat(x.toFloatArray()).containsExactly(input);
    }
}
