package dev.jgrad.tensor;

import org.junit.jupiter.api.Test;

import static dev.jgrad.tensor.Tensors.arange;
import static dev.jgrad.tensor.Tensors.fromArray;
import static dev.jgrad.tensor.Tensors.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorTest {
    private static Tensor grid() {
        return fromArray(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
    }

    @Test
    void viewsShareStorageWithoutCopying() {
        Tensor x = grid();
        Tensor t = x.t();
        assertThat(t.storage()).isSameAs(x.storage());
        assertThat(t.isContiguous()).isFalse();
        assertThat(t.stride()).containsExactly(1, 4);
        Tensor s = x.slice(1, 1, 4, 2);
        assertThat(s.storage()).isSameAs(x.storage());
        assertThat(s.shape()).containsExactly(3, 2);
        assertThat(s.toFloatArray()).containsExactly(1, 3, 5, 7, 9, 11);
        assertThat(x.select(0, 1).toFloatArray()).containsExactly(4, 5, 6, 7);
        assertThat(x.reshape(2, 6).storage()).isSameAs(x.storage());
        assertThat(x.unsqueeze(0).squeeze(0).storage()).isSameAs(x.storage());
        assertThat(x.narrow(0, 1, 2).storageOffset()).isEqualTo(4);
        Tensor e = tensor(1, 2, 3).reshape(3, 1).expand(3, 4);
        assertThat(e.stride()).containsExactly(1, 0);
        assertThat(e.sum().item()).isEqualTo(24);
    }

    @Test
    void indexSelectReadsNarrowedSourcesAndSumsGradientsOfRepeatedIndices() {
        Tensor rows = grid().narrow(0, 1, 2);                    // [[4..7], [8..11]] at storage offset 4
        Tensor index = fromArray(new long[] {1, 0, 1}, 3);
        assertThat(rows.indexSelect(0, index).toFloatArray()).containsExactly(8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(rows.indexSelect(1, fromArray(new long[] {3, 0}, 2)).toFloatArray()).containsExactly(7, 4, 11, 8);
        // Labels and masks take the same block copies as images.
        Tensor labels = fromArray(new long[] {10, 11, 12, 13, 14}, 5).narrow(0, 1, 4);
        assertThat(labels.indexSelect(0, fromArray(new long[] {3, 0, 3}, 3)).toLongArray()).containsExactly(14, 11, 14);
        assertThat(rows.gt(6.0).indexSelect(1, fromArray(new long[] {3, 0}, 2)).toBooleanArray()).containsExactly(true, false, true, true);
        assertThat(rows.t().indexSelect(1, index).toFloatArray())   // strided source: the general path
                .containsExactly(8, 4, 8, 9, 5, 9, 10, 6, 10, 11, 7, 11);

        Tensor w = grid().to(DType.FLOAT64).requiresGrad_();
        w.indexSelect(0, fromArray(new long[] {2, 0, 2}, 3)).sum().backward();
        assertThat(w.grad().toDoubleArray()).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2);
    }

    @Test
    void writesThroughAViewAreSeenByTheBase() {
        Tensor x = grid();
        x.select(1, 0).fill_(-1);
        assertThat(x.toFloatArray()).containsExactly(-1, 1, 2, 3, -1, 5, 6, 7, -1, 9, 10, 11);
        assertThat(x.version()).isEqualTo(1);
    }

    @Test
    void reshapeOfANonContiguousTensorCopies() {
        Tensor t = grid().t();
        Tensor r = t.reshape(12);
        assertThat(r.storage()).isNotSameAs(t.storage());
        assertThat(r.toFloatArray()).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
        assertThatThrownBy(() -> t.view(12)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use reshape()");
    }

    @Test
    void toLongArrayCopiesExactlyTheViewsElements() {
        Tensor base = Tensors.fromArray(new long[] {0, 1, 2, 3, 4, 5}, 2, 3);
        long[] row = base.narrow(0, 1, 1).toLongArray(); // contiguous, at a storage offset
        assertThat(row).containsExactly(3, 4, 5);
        row[0] = 99;
        assertThat(base.toLongArray()).as("a copy, not the storage").containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(base.t().toLongArray()).as("non-contiguous").containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(base.narrow(1, 1, 2).toLongArray()).containsExactly(1, 2, 4, 5);
        assertThat(Tensors.fromArray(new float[] {1.9f, -2.5f}, 2).toLongArray()).as("converted").containsExactly(1, -2);
        assertThat(base.narrow(0, 0, 0).toLongArray()).isEmpty();
    }

    @Test
    void creationFunctions() {
        assertThat(Tensors.zeros(2, 3).sum().item()).isZero();
        assertThat(Tensors.ones(2, 3).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensors.full(new int[] {2}, 7, DType.INT64).toLongArray()).containsExactly(7, 7);
        assertThat(arange(4).toLongArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensors.arange(0, 1, 0.25).toFloatArray()).containsExactly(0, 0.25f, 0.5f, 0.75f);
        assertThat(Tensors.linspace(0, 1, 5).toFloatArray()).containsExactly(0, 0.25f, 0.5f, 0.75f, 1);
        assertThat(Tensors.eye(3).toFloatArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertThat(Tensors.scalar(3).dim()).isZero();
        assertThat(Tensors.zeros(2, 0).isContiguous()).as("an empty tensor is contiguous").isTrue();
        assertThat(Tensors.tensor(new double[][] {{1, 2}, {3, 4}}).shape()).containsExactly(2, 2);
        assertThatThrownBy(() -> Tensors.zeros(2, -1)).hasMessageContaining("negative dimension");
        assertThatThrownBy(() -> fromArray(new float[5], 2, 3)).hasMessageContaining("5 values cannot have shape [2, 3]");
    }

    @Test
    void seededRandomnessIsReproducible() {
        Tensor a = Tensors.randn(new int[] {1000}, new Generator(7));
        Tensor b = Tensors.randn(new int[] {1000}, new Generator(7));
        assertThat(a.equal(b)).isTrue();
        assertThat(a.mean().item()).isBetween(-0.1, 0.1);
        assertThat(a.std().item()).isBetween(0.9, 1.1);
        Tensor u = Tensors.rand(new int[] {1000}, new Generator(1));
        assertThat(u.min().item()).isGreaterThanOrEqualTo(0);
        assertThat(u.max().item()).isLessThan(1);
        Tensor r = Tensors.randint(3, 6, new int[] {200}, new Generator(2));
        assertThat(r.min().item()).isEqualTo(3);
        assertThat(r.max().item()).isEqualTo(5);
        assertThat(Tensors.randperm(10, new Generator(3)).sort(0, false).values().toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Tensor bern = Tensors.bernoulli(Tensors.full(new int[] {1000}, 0.3), new Generator(4));
        assertThat(bern.mean().item()).isBetween(0.25, 0.35);
        Generator g = new Generator(9);
        g.nextGaussian();
        long[] state = g.getState();
        double next = g.nextGaussian();
        g.setState(state);
        assertThat(g.nextGaussian()).isEqualTo(next);
    }

    /** rand and randn fill under one lock but draw exactly the stream of nextDouble / nextGaussian calls (odd count: a spare is left). */
    @Test
    void bulkRandomFillsDrawTheSameStreamAsSingleCalls() {
        Generator bulk = new Generator(11), single = new Generator(11);
        float[] uniform = Tensors.rand(new int[] {37}, bulk).toFloatArray(), gauss = Tensors.randn(new int[] {37}, bulk).toFloatArray();
        for (float u : uniform) assertThat(u).isEqualTo((float) single.nextDouble());
        for (float z : gauss) assertThat(z).isEqualTo((float) single.nextGaussian());
        assertThat(bulk.getState()).containsExactly(single.getState());
        assertThat(bulk.nextGaussian()).isEqualTo(single.nextGaussian());
    }

    @Test
    void printsLikePyTorch() {
        assertThat(tensor(1, 2.5).toString()).isEqualTo("tensor([1.0000, 2.5000])");
        assertThat(tensor(1, 2).toString()).isEqualTo("tensor([1., 2.])");
        assertThat(arange(3).toString()).isEqualTo("tensor([0, 1, 2])");
        assertThat(Tensors.scalar(2).to(DType.FLOAT64).toString()).isEqualTo("tensor(2., dtype=float64)");
        assertThat(tensor(1).gt(0.0).toString()).isEqualTo("tensor([True])");
        assertThat(grid().toString()).isEqualTo("tensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])");
        assertThat(tensor(1).requiresGrad_().toString()).isEqualTo("tensor([1.], requires_grad=True)");
        assertThat(Tensors.zeros(2000).toString()).contains("...");
    }

    /** The expected strings are PyTorch 2's {@code repr} of the same tensors. */
    @Test
    void printsScientificEmptyAndWrappedTensorsLikePyTorch() {
        assertThat(tensor(-1.5, 2.25, 1e-5).toString()).isEqualTo("tensor([-1.5000e+00,  2.2500e+00,  1.0000e-05])");
        assertThat(tensor(1e6, 2).toString()).isEqualTo("tensor([1.0000e+06, 2.0000e+00])");
        assertThat(tensor(Double.POSITIVE_INFINITY, -1, 0.5).toString()).isEqualTo("tensor([    inf, -1.0000,  0.5000])");
        assertThat(Tensors.zeros(2, 0).toString()).isEqualTo("tensor([], size=(2, 0))");
        assertThat(arange(0, 20, 1).mul(0.125).sub(1).toString()).isEqualTo("""
                tensor([-1.0000, -0.8750, -0.7500, -0.6250, -0.5000, -0.3750, -0.2500, -0.1250,
                         0.0000,  0.1250,  0.2500,  0.3750,  0.5000,  0.6250,  0.7500,  0.8750,
                         1.0000,  1.1250,  1.2500,  1.3750])""");
        assertThat(arange(0, 2000, 1).toString()).isEqualTo("""
                tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,
                        1.9990e+03])""");
        assertThat(arange(0, 12, 1).reshape(2, 2, 3).toString()).isEqualTo("""
                tensor([[[ 0.,  1.,  2.],
                         [ 3.,  4.,  5.]],

                        [[ 6.,  7.,  8.],
                         [ 9., 10., 11.]]])""");
    }

    @Test
    void itemAndIndexing() {
        assertThat(grid().getDouble(2, 1)).isEqualTo(9);
        assertThat(grid().getDouble(-1, -1)).isEqualTo(11);
        assertThatThrownBy(() -> grid().item()).hasMessageContaining("12 elements");
        assertThatThrownBy(() -> grid().getDouble(3, 0)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> grid().select(0, 3)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> grid().sum(2, false)).hasMessageContaining("dim 2 out of range");
        assertThatThrownBy(() -> grid().permute(0, 0)).hasMessageContaining("repeated dim");
        assertThatThrownBy(() -> grid().expand(3, 5)).hasMessageContaining("expanded size 5");
        assertThatThrownBy(() -> grid().gather(1, Tensors.zeros(3, 4))).hasMessageContaining("int64 index");
        assertThatThrownBy(() -> grid().indexSelect(0, fromArray(new long[] {5}, 1))).hasMessageContaining("index 5");
    }

    @Test
    void typePromotionFollowsPyTorch() {
        Tensor f = tensor(1), d = tensor(1).to(DType.FLOAT64), i = arange(1);
        assertThat(f.add(d).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(i.add(f).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(i.add(i).dtype()).isEqualTo(DType.INT64);
        assertThat(i.div(i).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.mul(2.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(i.sum().dtype()).isEqualTo(DType.INT64);
        assertThat(f.gt(0.0).dtype()).isEqualTo(DType.BOOL);
        long big = (1L << 53) + 1;
        assertThat(fromArray(new long[] {big}, 1).add(fromArray(new long[] {1}, 1)).toLongArray()).containsExactly(big + 1);
    }

    @Test
    void matmulFollowsPyTorchRankRules() {
        assertThat(Tensors.ones(3).matmul(Tensors.ones(3)).dim()).isZero();
        assertThat(Tensors.ones(2, 3).matmul(Tensors.ones(3)).shape()).containsExactly(2);
        assertThat(Tensors.ones(3).matmul(Tensors.ones(3, 4)).shape()).containsExactly(4);
        assertThat(Tensors.ones(5, 1, 2, 3).matmul(Tensors.ones(4, 3, 2)).shape()).containsExactly(5, 4, 2, 2);
        Tensor a = fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(a.matmul(a.t()).toFloatArray()).containsExactly(14, 32, 32, 77);
        assertThat(a.t().matmul(a).toFloatArray()).containsExactly(17, 22, 27, 22, 29, 36, 27, 36, 45);
    }

    @Test
    void matmulReadsStridedVectorsAndColumns() {
        Tensor a = fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor everyOther = arange(6).to(DType.FLOAT32).slice(0, 0, 6, 2);    // [0, 2, 4], stride 2
        assertThat(a.matmul(everyOther).toFloatArray()).containsExactly(16, 34);
        assertThat(everyOther.matmul(a.t()).toFloatArray()).containsExactly(16, 34);
        assertThat(everyOther.dot(everyOther).item()).isEqualTo(20);
        Tensor column = a.select(1, 1).unsqueeze(1);                             // (2, 1), stride 3
        assertThat(a.t().matmul(column).toFloatArray()).containsExactly(22, 29, 36);
    }

    @Test
    void sortAndTopkHandleTiesAndNaN() {
        Tensor x = tensor(3, Float.NaN, 1, 3);
        assertThat(x.sort(0, false).indices().toLongArray()).containsExactly(2, 0, 3, 1);
        assertThat(x.sort(0, true).indices().toLongArray()).containsExactly(1, 0, 3, 2);
        assertThat(tensor(1, 5, 2).topk(2, 0, true).values().toFloatArray()).containsExactly(5, 2);
        assertThat(tensor(2, 5, 5).argmax().itemLong()).isEqualTo(1);
    }

    /** Float32 rows take their own loop (no getDouble): the first of tied extremes, the first NaN, as in float64 and PyTorch. */
    @Test
    void float32ExtremesKeepTheFirstTieAndTheFirstNaN() {
        Tensor x = fromArray(new float[] {1, 3, 3, -2, 2, Float.NaN, -7, Float.NaN}, 2, 4);
        assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.argmax(1, false).toLongArray()).containsExactly(1, 1);
        assertThat(x.argmin(1, false).toLongArray()).containsExactly(3, 1);
        assertThat(x.amax(new int[] {1}, false).toFloatArray()).containsExactly(3, Float.NaN);
        assertThat(x.argmax(0, false).toLongArray()).containsExactly(1, 1, 0, 1);
        assertThat(x.argmin(0, false).toLongArray()).containsExactly(0, 1, 1, 1);
        Tensor wide = x.to(DType.FLOAT64);
        assertThat(wide.argmax(1, false).toLongArray()).containsExactly(x.argmax(1, false).toLongArray());
        assertThat(wide.argmin(0, false).toLongArray()).containsExactly(x.argmin(0, false).toLongArray());
    }

    @Test
    void allcloseAndEqual() {
        assertThat(tensor(1, 2).allclose(tensor(1, 2.000001))).isTrue();
        assertThat(tensor(1, 2).allclose(tensor(1, 2.1))).isFalse();
        assertThat(tensor(1, 2).equal(tensor(1, 2))).isTrue();
        assertThat(tensor(1, 2).allclose(tensor(1, 2, 3))).isFalse();
    }

    @Test
    void reluIsMathMaxWithZeroInEveryLaneAndTheTail() {
        float[] special = {Float.NaN, -0f, 0f, -1f, 2.5f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -Float.MIN_VALUE};
        float[] values = new float[70]; // not a multiple of any vector length, read from offset 3
        for (int i = 0; i < values.length; i++) values[i] = i % 3 == 0 ? special[i / 3 % special.length] : (i % 2 == 0 ? -i : i);
        Tensor x = fromArray(values, values.length).narrow(0, 3, values.length - 3);
        float[] got = x.relu().toFloatArray();
        for (int i = 0; i < got.length; i++) {
            assertThat(Float.floatToRawIntBits(got[i])).as("relu(%s)", values[i + 3])
                    .isEqualTo(Float.floatToRawIntBits(Math.max(values[i + 3], 0f)));
        }
    }
}
