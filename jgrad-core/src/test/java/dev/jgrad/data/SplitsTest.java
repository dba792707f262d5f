package dev.jgrad.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.tensor.Generator;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    /** Dataset whose sample i is i. */
    private static Dataset<Integer> range(int n) {
        return new Dataset<>() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Integer get(int index) {
                if (index < 0 || index >= n) throw new IndexOutOfBoundsException(index);
                return index;
            }
        };
    }

    private static int[] items(Dataset<Integer> d) {
        return IntStream.range(0, d.size()).map(d::get).toArray();
    }

    private static int[] sorted(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
    }

    @Test
    void randomSplitPartitionsAllSamples() {
        List<Subset<Integer>> parts = Datasets.randomSplit(range(100), new int[] {70, 20, 10}, new Generator(0));
        assertThat(parts).extracting(Subset::size).containsExactly(70, 20, 10);
        assertThat(sorted(items(parts.get(0)), items(parts.get(1)), items(parts.get(2)))).isEqualTo(IntStream.range(0, 100).toArray());
        assertThat(items(parts.get(0))).isNotEqualTo(IntStream.range(0, 70).toArray());
    }

    @Test
    void randomSplitIsReproducibleWithTheSameGenerator() {
        int[] a = items(Datasets.randomSplit(range(50), new int[] {25, 25}, new Generator(3)).get(0));
        int[] b = items(Datasets.randomSplit(range(50), new int[] {25, 25}, new Generator(3)).get(0));
        int[] c = items(Datasets.randomSplit(range(50), new int[] {25, 25}, new Generator(4)).get(0));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void fractionsRoundLikePyTorch() {
        // torch: floor(n * f) each, then the remainder dealt round-robin from the first part.
        assertThat(Datasets.lengthsOf(10, new double[] {0.8, 0.2})).containsExactly(8, 2);
        assertThat(Datasets.lengthsOf(10, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0})).containsExactly(4, 3, 3);
        assertThat(Datasets.lengthsOf(11, new double[] {0.5, 0.25, 0.25})).containsExactly(6, 3, 2);
        assertThat(Datasets.randomSplit(range(10_000), new double[] {0.8, 0.2}, new Generator(0))).extracting(Subset::size)
                .containsExactly(8000, 2000);
    }

    @Test
    void randomSplitRejectsWrongLengths() {
        assertThatThrownBy(() -> Datasets.randomSplit(range(10), new int[] {5, 4}, new Generator(0)))
                .hasMessageContaining("does not equal the length of the input dataset (10)");
        assertThatThrownBy(() -> Datasets.randomSplit(range(10), new double[] {0.5, 0.4}, new Generator(0)))
                .hasMessageContaining("sum to");
    }

    @Test
    void kFoldValidationSetsPartitionTheDataAndTrainIsTheRest() {
        KFold cv = new KFold(23, 5, 0);
        int[][] validations = new int[5][];
        for (KFold.Fold fold : cv.folds()) {
            validations[fold.index()] = fold.validation();
            assertThat(sorted(fold.train(), fold.validation())).isEqualTo(IntStream.range(0, 23).toArray());
            assertThat(fold.train()).isSorted();
        }
        assertThat(Arrays.stream(validations).mapToInt(v -> v.length).toArray()).containsExactly(5, 5, 5, 4, 4);
        assertThat(sorted(validations)).isEqualTo(IntStream.range(0, 23).toArray());
        // Shuffled with the portable permutation of the seed: fold 0 is its first 5 entries.
        assertThat(validations[0]).isEqualTo(Arrays.copyOf(Permutations.portable(23, 0), 5));
    }

    @Test
    void kFoldSubsetsAndUnshuffledFolds() {
        KFold.Fold second = KFold.unshuffled(10, 5).fold(1);
        assertThat(second.validation()).containsExactly(2, 3);
        assertThat(items(second.validation(range(10)))).containsExactly(2, 3);
        assertThat(items(second.train(range(10)))).containsExactly(0, 1, 4, 5, 6, 7, 8, 9);
        assertThatThrownBy(() -> new KFold(3, 5, 0)).hasMessageContaining("k=5 folds with only 3 samples");
        assertThatThrownBy(() -> new KFold(10, 1, 0)).hasMessageContaining("at least 2");
    }

    @Test
    void concatDatasetChainsDatasetsAndSkipsEmptyOnes() {
        ConcatDataset<Integer> all = new ConcatDataset<>(List.of(range(3), range(0), range(2)));
        assertThat(all.size()).isEqualTo(5);
        assertThat(items(all)).containsExactly(0, 1, 2, 0, 1);
        assertThatThrownBy(() -> all.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void subsetChecksIndices() {
        assertThat(items(new Subset<>(range(5), new int[] {4, 0}))).containsExactly(4, 0);
        assertThatThrownBy(() -> new Subset<>(range(5), new int[] {5})).hasMessageContaining("index 5 is out of range");
    }

    @Test
    void tensorDatasetChecksSizesAndGathersBatches() {
        var inputs = dev.jgrad.tensor.Tensors.arange(12).reshape(6, 2);
        var targets = dev.jgrad.tensor.Tensors.arange(6);
        TensorDataset d = new TensorDataset(inputs, targets);
        assertThat(d.get(2).input().toDoubleArray()).containsExactly(4, 5);
        Batch b = d.batch(new int[] {5, 1});
        assertThat(b.inputs().toDoubleArray()).containsExactly(10, 11, 2, 3);
        assertThat(b.size()).isEqualTo(2);
        assertThatThrownBy(() -> new TensorDataset(inputs, dev.jgrad.tensor.Tensors.arange(5)))
                .hasMessageContaining("size mismatch").hasMessageContaining("[6, 2]");
    }

    @Test
    void iterableDatasetBatchesAStream() {
        IterableDataset<Integer> stream = () -> IntStream.range(0, 7).boxed().iterator();
        List<String> batches = new java.util.ArrayList<>();
        for (String s : stream.batched(3, l -> l.toString())) batches.add(s);
        assertThat(batches).containsExactly("[0, 1, 2]", "[3, 4, 5]", "[6]");
    }
}
