package dev.jgrad.data;

import java.util.List;

/**
 * Several datasets one after another (PyTorch's {@code ConcatDataset}).
 *
 * <pre>{@code
 * Dataset<Example> all = new ConcatDataset<>(List.of(train, validation));
 * }</pre>
 */
public final class ConcatDataset<T> implements Dataset<T> {
    private final List<Dataset<T>> datasets;
    private final int[] ends; // ends[i] = total size of datasets 0..i

    public ConcatDataset(List<? extends Dataset<T>> datasets) {
        if (datasets.isEmpty()) throw new IllegalArgumentException("ConcatDataset: datasets should not be an empty list");
        this.datasets = List.copyOf(datasets);
        this.ends = new int[datasets.size()];
        long total = 0;
        for (int i = 0; i < ends.length; i++) {
            total += datasets.get(i).size();
            if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("ConcatDataset: more than 2^31-1 samples");
            ends[i] = (int) total;
        }
    }

    public List<Dataset<T>> datasets() {
        return datasets;
    }

    @Override
    public int size() {
        return ends[ends.length - 1];
    }

    @Override
    public T get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("ConcatDataset: index " + index + " is out of range for size " + size());
        }
        int d = firstEndingAfter(index);
        int start = d == 0 ? 0 : ends[d - 1];
        return datasets.get(d).get(index - start);
    }

    /** The first dataset whose cumulative end exceeds {@code index} (binary search; skips empty datasets). */
    private int firstEndingAfter(int index) {
        int lo = 0, hi = ends.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > index) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
