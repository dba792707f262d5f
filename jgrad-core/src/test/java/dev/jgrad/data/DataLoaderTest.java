package dev.jgrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.data.transforms.RandomHorizontalFlip;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Sample i: input [[i, 100 + i]] (a float32 1x2 image), target i (int64); so a batch's targets name its samples. */
    private static TensorDataset numbered(int n) {
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 100 + i;
            y[i] = i;
        }
        return new TensorDataset(Tensors.fromArray(x, n, 1, 2), Tensors.fromArray(y, n));
    }

    /** The same samples without the TensorDataset fast path (per-example stacking). */
    private static Dataset<Example> slow(TensorDataset d) {
        return new Dataset<>() {
            @Override
            public int size() {
                return d.size();
            }

            @Override
            public Example get(int index) {
                return d.get(index);
            }
        };
    }

    private static List<long[]> targets(Iterable<Batch> batches) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : batches) out.add(b.targets().toLongArray());
        return out;
    }

    private static List<long[]> all(DataLoader<Batch> loader, int epoch) {
        return targets(loader.epoch(epoch));
    }

    @Test
    void inOrderBatchesKeepTheLastPartialBatch() {
        try (var loader = DataLoader.of(numbered(10), LoaderOptions.of(4))) {
            assertThat(loader.numBatches()).isEqualTo(3);
            List<Batch> batches = new ArrayList<>();
            loader.epoch(0).forEach(batches::add);
            assertThat(batches).hasSize(3);
            assertThat(batches.get(0).inputs().shape()).containsExactly(4, 1, 2);
            assertThat(batches.get(0).inputs().toFloatArray()).containsExactly(0, 100, 1, 101, 2, 102, 3, 103);
            assertThat(batches.get(0).targets().dtype()).isEqualTo(DType.INT64);
            assertThat(batches.get(2).targets().toLongArray()).containsExactly(8, 9);
        }
    }

    @Test
    void dropLastDropsThePartialBatch() {
        try (var loader = DataLoader.of(numbered(10), LoaderOptions.of(4).withDropLast(true).withShuffle(3))) {
            assertThat(loader.numBatches()).isEqualTo(2);
            List<long[]> batches = all(loader, 0);
            assertThat(batches).hasSize(2).allSatisfy(b -> assertThat(b).hasSize(4));
            int[] order = loader.order(0);
            assertThat(batches.get(1)).containsExactly(order[4], order[5], order[6], order[7]);
        }
    }

    @Test
    void shuffledEpochFollowsThePortablePermutationOfSeedPlusEpoch() {
        try (var loader = DataLoader.of(numbered(10), LoaderOptions.of(4).withShuffle(0))) {
            // Epoch 1 of seed 0 = Permutations.portable(10, 1) = [6, 0, 1, 9, 5, 4, 8, 7, 3, 2] (the PyTorch peer's order).
            List<long[]> epoch1 = all(loader, 1);
            assertThat(epoch1.get(0)).containsExactly(6, 0, 1, 9);
            assertThat(epoch1.get(1)).containsExactly(5, 4, 8, 7);
            assertThat(epoch1.get(2)).containsExactly(3, 2);
        }
    }

    @Test
    void sameSeedSameBatchesDifferentEpochsDiffer() {
        TensorDataset data = numbered(50);
        try (var a = DataLoader.of(data, LoaderOptions.of(8).withShuffle(11));
                var b = DataLoader.of(data, LoaderOptions.of(8).withShuffle(11))) {
            assertThat(all(a, 2)).usingRecursiveComparison().isEqualTo(all(b, 2));
            assertThat(flatten(all(a, 2))).isNotEqualTo(flatten(all(a, 3)));
            long[] visited = flatten(all(a, 3));
            Arrays.sort(visited);
            assertThat(visited).isEqualTo(LongStream.range(0, 50).toArray());
        }
    }

    @Test
    void prefetchOnAndOffGiveIdenticalBatchesIncludingRandomTransforms() {
        TensorDataset data = numbered(37);
        var flip = new RandomHorizontalFlip(0.5);
        try (var prefetched = DataLoader.of(data, LoaderOptions.of(5).withShuffle(4), flip);
                var direct = DataLoader.of(data, LoaderOptions.of(5).withShuffle(4).withPrefetch(0), flip);
                var stacked = DataLoader.of(slow(data), LoaderOptions.of(5).withShuffle(4).withPrefetch(0), flip)) {
            List<float[]> p = inputs(prefetched.epoch(1)), d = inputs(direct.epoch(1)), s = inputs(stacked.epoch(1));
            assertThat(p).usingRecursiveComparison().isEqualTo(d);
            assertThat(s).usingRecursiveComparison().isEqualTo(d);
            // Some inputs were flipped ([100 + i, i]) and some not: the transform really ran.
            float[] all = concat(d);
            long flipped = IntStream.range(0, all.length / 2).filter(i -> all[2 * i] > all[2 * i + 1]).count();
            assertThat(flipped).isBetween(1L, 36L);
        }
    }

    @Test
    void resumingAtABatchEqualsSkippingTheFirstBatches() {
        TensorDataset data = numbered(23);
        var flip = new RandomHorizontalFlip(0.5);
        try (var loader = DataLoader.of(data, LoaderOptions.of(4).withShuffle(9), flip)) {
            List<float[]> full = inputs(loader.epoch(5));
            List<float[]> resumed = new ArrayList<>();
            try (BatchIterator<Batch> it = loader.iterator(5, 3)) {
                assertThat(it.nextBatchIndex()).isEqualTo(3);
                while (it.hasNext()) resumed.add(it.next().inputs().toFloatArray());
                assertThat(it.nextBatchIndex()).isEqualTo(6);
            }
            assertThat(resumed).usingRecursiveComparison().isEqualTo(full.subList(3, 6));
            assertThat(loader.iterator(5, 6).hasNext()).isFalse();
        }
    }

    @Test
    void iteratorWithoutEpochAdvancesTheEpoch() {
        try (var loader = DataLoader.of(numbered(12), LoaderOptions.of(12).withShuffle(2))) {
            long[] first = loader.iterator().next().targets().toLongArray();
            long[] second = loader.iterator().next().targets().toLongArray();
            assertThat(first).isEqualTo(all(loader, 0).get(0));
            assertThat(second).isEqualTo(all(loader, 1).get(0));
        }
    }

    @Test
    void subsetsOfATensorDatasetUseTheirOwnIndices() {
        TensorDataset data = numbered(20);
        Subset<Example> odd = new Subset<>(data, new int[] {1, 3, 5, 7, 9, 11});
        Subset<Example> nested = new Subset<>(odd, new int[] {5, 0, 2});
        try (var loader = DataLoader.of(nested, LoaderOptions.of(2))) {
            List<long[]> batches = all(loader, 0);
            assertThat(batches.get(0)).containsExactly(11, 1);
            assertThat(batches.get(1)).containsExactly(5);
        }
    }

    @Test
    void customCollateAndErrorsFromTheProducerReachTheCaller() {
        Dataset<String> words = new Dataset<>() {
            @Override
            public int size() {
                return 5;
            }

            @Override
            public String get(int index) {
                if (index == 4) throw new IllegalStateException("sample 4 is broken");
                return "w" + index;
            }
        };
        try (var loader = DataLoader.withCollate(words, LoaderOptions.of(2), list -> String.join("+", list))) {
            BatchIterator<String> it = loader.iterator(0, 0);
            assertThat(it.next()).isEqualTo("w0+w1");
            assertThat(it.next()).isEqualTo("w2+w3");
            assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class).hasMessage("sample 4 is broken");
        }
    }

    @Test
    void closingStopsIterationAndRejectsNewEpochs() {
        var loader = DataLoader.of(numbered(100), LoaderOptions.of(1));
        BatchIterator<Batch> it = loader.iterator(0, 0);
        it.next();
        loader.close();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(() -> loader.iterator(1, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsBadOptionsAndStartBatch() {
        assertThatThrownBy(() -> LoaderOptions.of(0)).hasMessageContaining("batch_size");
        try (var loader = DataLoader.of(numbered(10), LoaderOptions.of(4))) {
            assertThatThrownBy(() -> loader.iterator(0, 4)).hasMessageContaining("start batch 4 is outside [0, 3]");
        }
    }

    private static List<float[]> inputs(Iterable<Batch> batches) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : batches) out.add(b.inputs().toFloatArray());
        return out;
    }

    private static float[] concat(List<float[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static long[] flatten(List<long[]> parts) {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }
}
