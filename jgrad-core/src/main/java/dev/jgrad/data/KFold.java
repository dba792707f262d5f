package dev.jgrad.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * K-fold cross-validation indices (like scikit-learn's {@code KFold(k, shuffle=True)}): the samples
 * are shuffled once with {@link Permutations#portable} and cut into k consecutive folds; the first
 * {@code n % k} folds get one extra sample. Fold i validates on its own samples and trains on all
 * the others.
 *
 * <pre>{@code
 * KFold cv = new KFold(digits.size(), 5, 0);          // the lecture's 5-fold CV
 * for (KFold.Fold fold : cv.folds()) {
 *     var train = fold.train(digits);
 *     var validation = fold.validation(digits);
 * }
 * }</pre>
 */
public final class KFold {
    private final int n;
    private final int k;
    private final int[] order;

    /** Folds over samples shuffled with {@code seed}. */
    public KFold(int n, int k, long seed) {
        this(n, k, Permutations.portable(n, seed));
    }

    /** Folds over samples in their original order (no shuffle). */
    public static KFold unshuffled(int n, int k) {
        return new KFold(n, k, Permutations.identity(n));
    }

    private KFold(int n, int k, int[] order) {
        if (k < 2) throw new IllegalArgumentException("KFold: k must be at least 2, got " + k);
        if (n < k) throw new IllegalArgumentException("KFold: cannot have k=" + k + " folds with only " + n + " samples");
        this.n = n;
        this.k = k;
        this.order = order;
    }

    public int k() {
        return k;
    }

    /** Fold {@code i} (0-based): validation = its slice of the shuffled order, train = every other index, ascending. */
    public Fold fold(int i) {
        if (i < 0 || i >= k) throw new IndexOutOfBoundsException("KFold: fold " + i + " is out of range for k=" + k);
        int base = n / k, extra = n % k;
        int start = i * base + Math.min(i, extra);
        int size = base + (i < extra ? 1 : 0);
        int[] validation = Arrays.copyOfRange(order, start, start + size);
        boolean[] held = new boolean[n];
        for (int v : validation) held[v] = true;
        int[] train = new int[n - size];
        int t = 0;
        for (int s = 0; s < n; s++) if (!held[s]) train[t++] = s;
        return new Fold(i, train, validation);
    }

    public List<Fold> folds() {
        List<Fold> all = new ArrayList<>(k);
        for (int i = 0; i < k; i++) all.add(fold(i));
        return all;
    }

    /** One split of a cross-validation: indices to train on and indices to validate on. */
    public record Fold(int index, int[] train, int[] validation) {
        public <T> Subset<T> train(Dataset<T> dataset) {
            return new Subset<>(dataset, train);
        }

        public <T> Subset<T> validation(Dataset<T> dataset) {
            return new Subset<>(dataset, validation);
        }
    }
}
