package dev.jgrad.data;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splitting datasets. */
public final class Datasets {
    private Datasets() {}

    /**
     * Randomly splits a dataset into non-overlapping subsets of the given lengths, which must sum to
     * its size (PyTorch's {@code random_split}: one {@code randperm} cut into consecutive pieces).
     *
     * <pre>{@code
     * List<Subset<Example>> parts = Datasets.randomSplit(digits, new int[] {8000, 2000}, new Generator(0));
     * }</pre>
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator gen) {
        long total = 0;
        for (int len : lengths) {
            if (len < 0) throw new IllegalArgumentException("randomSplit: negative length in " + Arrays.toString(lengths));
            total += len;
        }
        if (total != dataset.size()) {
            throw new IllegalArgumentException("randomSplit: sum of input lengths " + Arrays.toString(lengths) + " = " + total
                    + " does not equal the length of the input dataset (" + dataset.size() + ")");
        }
        long[] perm = Tensors.randperm(dataset.size(), gen).toLongArray();
        List<Subset<T>> parts = new ArrayList<>(lengths.length);
        int at = 0;
        for (int len : lengths) {
            int[] indices = new int[len];
            for (int i = 0; i < len; i++) indices[i] = (int) perm[at + i];
            parts.add(new Subset<>(dataset, indices));
            at += len;
        }
        return parts;
    }

    /**
     * Splits by fractions that sum to 1: each part gets {@code floor(n * fraction)} samples and the
     * remainder is dealt one by one to the first parts, as PyTorch does.
     *
     * <pre>{@code
     * var parts = Datasets.randomSplit(digits, new double[] {0.8, 0.2}, new Generator(0));   // 8000 + 2000
     * }</pre>
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator gen) {
        return randomSplit(dataset, lengthsOf(dataset.size(), fractions), gen);
    }

    static int[] lengthsOf(int n, double[] fractions) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("randomSplit: fraction " + f + " is not between 0 and 1 in " + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("randomSplit: fractions " + Arrays.toString(fractions) + " sum to " + sum + ", expected 1");
        }
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            assigned += lengths[i];
        }
        for (int i = 0; i < n - assigned; i++) lengths[i % lengths.length]++;
        return lengths;
    }
}
