package dev.jgrad.data;

/**
 * How a {@link DataLoader} batches: batch size, shuffle (with the seed each epoch's order derives
 * from), whether to drop the last partial batch, and how many batches a background thread may
 * prepare ahead (0 = load on the caller's thread).
 *
 * <pre>{@code
 * LoaderOptions.of(64).withShuffle(0).withDropLast(true);
 * }</pre>
 */
public record LoaderOptions(int batchSize, boolean shuffle, long seed, boolean dropLast, int prefetch) {
    /** Batches prepared ahead by default (a bounded queue of this size). */
    public static final int DEFAULT_PREFETCH = 2;

    public LoaderOptions {
        if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batch_size should be a positive integer, got " + batchSize);
        if (prefetch < 0) throw new IllegalArgumentException("DataLoader: prefetch must be >= 0, got " + prefetch);
    }

    /** In-order batches of {@code batchSize}, the last one kept even if partial, prefetch 2. */
    public static LoaderOptions of(int batchSize) {
        return new LoaderOptions(batchSize, false, 0, false, DEFAULT_PREFETCH);
    }

    /** Shuffled every epoch; epoch e visits {@code Permutations.portable(n, seed + e)}. */
    public LoaderOptions withShuffle(long seed) {
        return new LoaderOptions(batchSize, true, seed, dropLast, prefetch);
    }

    public LoaderOptions withoutShuffle() {
        return new LoaderOptions(batchSize, false, seed, dropLast, prefetch);
    }

    public LoaderOptions withDropLast(boolean drop) {
        return new LoaderOptions(batchSize, shuffle, seed, drop, prefetch);
    }

    public LoaderOptions withPrefetch(int batches) {
        return new LoaderOptions(batchSize, shuffle, seed, dropLast, batches);
    }
}
