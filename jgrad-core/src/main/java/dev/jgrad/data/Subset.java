package dev.jgrad.data;

import java.util.Arrays;

/**
 * The samples of another dataset at chosen indices, in that order (PyTorch's {@code Subset}).
 *
 * <pre>{@code
 * Subset<Example> firstHundred = new Subset<>(digits, IntStream.range(0, 100).toArray());
 * }</pre>
 */
public final class Subset<T> implements Dataset<T> {
    private final Dataset<T> dataset;
    private final int[] indices;

    public Subset(Dataset<T> dataset, int[] indices) {
        int n = dataset.size();
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("Subset: index " + i + " is out of range for a dataset of size " + n);
            }
        }
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    public Dataset<T> dataset() {
        return dataset;
    }

    /** A copy of the indices into {@link #dataset()}. */
    public int[] indices() {
        return indices.clone();
    }

    /** The index into {@link #dataset()} of this subset's sample {@code i}. */
    public int sourceIndex(int i) {
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public T get(int index) {
        return dataset.get(indices[index]);
    }

    @Override
    public String toString() {
        return "Subset(" + indices.length + " of " + dataset.size() + ", first " + Arrays.toString(Arrays.copyOf(indices, Math.min(5, indices.length))) + ")";
    }
}
