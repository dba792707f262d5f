package dev.jgrad.tensor;

import dev.jgrad.backend.cpu.Parallel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static dev.jgrad.tensor.Tensors.arange;
import static dev.jgrad.tensor.Tensors.fromArray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** int64 and bool semantics like PyTorch's, seeded normal sampling, and thread-count-independent kernels. */
class DTypeAndParallelTest {
    @Test
    void int64ArithmeticStaysExactAndPromotesLikePyTorch() {
        Tensor i = arange(5);
        long big = 1L << 40;
        assertThat(fromArray(new long[] {big}, 1).mul(fromArray(new long[] {3}, 1)).toLongArray()).containsExactly(3 * big);
        assertThat(i.neg().dtype()).isEqualTo(DType.INT64);
        assertThat(i.neg().abs().toLongArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(i.div(arange(1, 6)).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(i.div(2.0).toFloatArray()).containsExactly(0, 0.5f, 1, 1.5f, 2);
        assertThat(i.add(0.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(i.exp().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(i.sum(0, false).dtype()).isEqualTo(DType.INT64);
        assertThat(i.prod(0, false).itemLong()).isZero();
        assertThat(i.argmax().itemLong()).isEqualTo(4);
        assertThat(i.to(DType.FLOAT64).dtype()).isEqualTo(DType.FLOAT64);
        assertThatThrownBy(i::mean).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mean").hasMessageContaining("int64");
        assertThatThrownBy(() -> i.requiresGrad_(true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int64");
    }

    @Test
    void boolMasksCountSelectAndConvert() {
        Tensor x = Tensors.tensor(-1, 2, -3, 4);
        Tensor positive = x.gt(0.0);
        assertThat(positive.dtype()).isEqualTo(DType.BOOL);
        assertThat(positive.sum().dtype()).isEqualTo(DType.INT64);
        assertThat(positive.sum().itemLong()).isEqualTo(2);
        assertThat(positive.to(DType.FLOAT32).mean().item()).isEqualTo(0.5);
        assertThat(positive.logicalNot().logicalAnd(x.lt(-2.0)).toBooleanArray()).containsExactly(false, false, true, false);
        assertThat(positive.logicalOr(x.eq(-1.0)).toBooleanArray()).containsExactly(true, true, false, true);
        assertThat(Tensors.where(positive, arange(4), x).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensors.where(positive, arange(4), x).toFloatArray()).containsExactly(-1, 1, -3, 3);
        assertThat(x.maskedFill(positive, 0).toFloatArray()).containsExactly(-1, 0, -3, 0);
        assertThat(Tensors.tensor(0, 0.5, -2).to(DType.BOOL).toBooleanArray()).containsExactly(false, true, true);
        assertThatThrownBy(() -> x.maskedFill(x, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maskedFill").hasMessageContaining("bool mask").hasMessageContaining("float32");
        assertThatThrownBy(() -> Tensors.where(x, x, x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("where");
    }

    @Test
    void normalAndBernoulliAreSeededPerGenerator() {
        Tensor a = Tensors.normal(3, 0.5, new int[] {20000}, new Generator(11));
        assertThat(a.equal(Tensors.normal(3, 0.5, new int[] {20000}, new Generator(11)))).isTrue();
        assertThat(a.equal(Tensors.normal(3, 0.5, new int[] {20000}, new Generator(12)))).isFalse();
        assertThat(a.mean().item()).isBetween(2.98, 3.02);
        assertThat(a.std().item()).isBetween(0.49, 0.51);
        assertThatThrownBy(() -> Tensors.normal(0, -1, new int[] {2}, new Generator(1)))
                .hasMessageContaining("std must be non-negative");
        Generator.global().manualSeed(5);
        Tensor first = Tensors.randn(8);
        Generator.global().manualSeed(5);
        assertThat(Tensors.randn(8).equal(first)).as("the global seed replays").isTrue();
        Tensor p = Tensors.tensor(0, 1, 0, 1);
        assertThat(Tensors.bernoulli(p, new Generator(3)).toFloatArray()).containsExactly(0, 1, 0, 1);
    }

    /** Large enough that every kernel below splits its work across threads. */
    @Test
    void largeTensorKernelsGiveTheSameBitsOnAnyNumberOfThreads() {
        Generator gen = new Generator(21);
        Tensor x = Tensors.randn(new int[] {512, 1024}, gen), w = Tensors.randn(new int[] {1024, 256}, gen);
        Tensor bias = Tensors.randn(new int[] {1024}, gen);
        List<Supplier<Tensor>> ops = List.of(
                () -> x.exp(),
                () -> x.add(bias),
                () -> x.t().mul(x.t()),
                () -> x.slice(1, 0, 1024, 2).tanh(),
                () -> x.sum(1, false),
                () -> x.sum(0, true),
                () -> x.softmax(1),
                () -> x.matmul(w),
                () -> x.gt(0.0).to(DType.FLOAT32).mean(1, false));
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<Tensor> serial = ops.stream().map(Supplier::get).toList();
            Parallel.setThreads(4);
            for (int k = 0; k < ops.size(); k++) {
                assertThat(ops.get(k).get().equal(serial.get(k))).as("op %d on 4 threads vs 1", k).isTrue();
            }
        } finally {
            Parallel.setThreads(saved);
        }
        Tensor row = x.select(0, 7);
        double expected = 0;
        for (float v : row.toFloatArray()) expected += Math.exp(v);
        assertThat(x.exp().sum(1, false).getDouble(7)).isCloseTo(expected, org.assertj.core.api.Assertions.within(expected * 1e-5));
    }
}
