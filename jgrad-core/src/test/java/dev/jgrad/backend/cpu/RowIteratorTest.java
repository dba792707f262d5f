package dev.jgrad.backend.cpu;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elementwise ops walk merged dims ({@link RowIterator}): each layout of the operands (contiguous,
 * permuted, sliced with steps, broadcast, with size-1 dims, rank 0) gives every element the value
 * that reading both operands index by index gives.
 */
class RowIteratorTest {
    private static final Generator GEN = new Generator(7);

    private static Tensor randn(int... shape) {
        return Tensors.randn(shape, GEN);
    }

    /** Checks a - b and a * b elementwise against reading a and b one index at a time. */
    private static void check(Tensor a, Tensor b) {
        Tensor difference = a.sub(b), product = a.mul(b);
        int[] shape = difference.shape();
        int[] index = new int[shape.length];
        int n = difference.numel();
        for (int e = 0; e < n; e++) {
            for (int d = shape.length - 1, rest = e; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            double x = a.getDouble(broadcastIndex(index, a.shape())), y = b.getDouble(broadcastIndex(index, b.shape()));
            assertThat(difference.getDouble(index)).as("a - b at %s", java.util.Arrays.toString(index)).isEqualTo((double) (float) (x - y));
            assertThat(product.getDouble(index)).as("a * b at %s", java.util.Arrays.toString(index)).isEqualTo((double) (float) (x * y));
        }
    }

    /** The index into an operand of the given shape broadcast to the index's rank (size-1 dims read 0). */
    private static int[] broadcastIndex(int[] index, int[] shape) {
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            int i = index[index.length - shape.length + d];
            out[d] = shape[d] == 1 ? 0 : i;
        }
        return out;
    }

    @Test
    void sameShapeContiguousOperandsWalkAsOneRow() {
        check(randn(3, 4, 5, 6), randn(3, 4, 5, 6));
        // longer than a parallel chunk, so the one merged row is split between threads
        check(randn(4, 3, 100, 100), randn(4, 3, 100, 100));
    }

    @Test
    void permutedAndSlicedOperandsMergeOnlyWhereTheirStridesAllow() {
        Tensor x = randn(4, 5, 6, 7);
        check(x.permute(0, 2, 1, 3), randn(4, 6, 5, 7));
        check(x.permute(3, 2, 1, 0), x.permute(3, 2, 1, 0).contiguous());
        check(x.slice(3, 0, 7, 2), randn(4, 5, 6, 4));
        check(x.slice(1, 1, 5, 1), x.slice(1, 0, 4, 1));
        check(x.narrow(2, 2, 3).permute(1, 0, 2, 3), randn(5, 4, 3, 7));
    }

    @Test
    void broadcastOperandsKeepTheirZeroStrides() {
        check(randn(8, 3, 5, 5), randn(3, 1, 1));       // per-channel bias
        check(randn(8, 3, 5, 5), randn(1, 3, 5, 5));    // one image for the batch
        check(randn(8, 3, 5, 5), randn(5));             // along the last dim
        check(randn(2, 1, 4, 1), randn(3, 1, 6));       // both sides broadcast
        check(randn(6, 1, 1, 9), randn(6, 1, 1, 9).expand(6, 1, 1, 9));
        check(randn(4, 3).expand(2, 4, 3), randn(2, 1, 3));
    }

    @Test
    void sizeOneAndRankZeroShapes() {
        check(randn(1, 1, 1), randn(1, 1, 1));
        check(Tensors.scalar(2.5f), Tensors.scalar(-1.5f));
        check(randn(1, 7, 1, 3), randn(7, 1, 3));
        check(randn(0, 3), randn(0, 3));
        UnaryOperator<Tensor> columnOfRow = t -> t.reshape(1, -1).transpose(0, 1);
        check(columnOfRow.apply(randn(9)), randn(9, 1));
    }
}
