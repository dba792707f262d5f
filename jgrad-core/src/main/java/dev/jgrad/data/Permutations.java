package dev.jgrad.data;

/**
 * Index permutations that any language can reproduce bit for bit, so that jgrad and the PyTorch
 * benchmark peer visit samples in the same order.
 */
public final class Permutations {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Permutations() {}

    /**
     * Fisher–Yates driven by SplitMix64 seeded with {@code seed}: for i = n−1 down to 1,
     * {@code j = (next() >>> 1) % (i + 1)}, swap i and j. Identical to {@code portable_permutation}
     * in the PyTorch peer (/work/shared/peers/pytorch/bench.py), which the peer calls with seed + epoch.
     *
     * <pre>{@code
     * Permutations.portable(10, 0);   // [5, 6, 1, 4, 8, 3, 2, 9, 0, 7]
     * }</pre>
     */
    public static int[] portable(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("Permutations.portable: n must be >= 0, got " + n);
        int[] perm = identity(n);
        long state = seed;
        for (int i = n - 1; i > 0; i--) {
            state += GOLDEN_GAMMA;
            int j = (int) ((mix(state) >>> 1) % (i + 1));
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return perm;
    }

    /** 0, 1, ..., n−1. */
    public static int[] identity(int n) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        return perm;
    }

    /**
     * A seed derived from several numbers (e.g. loader seed, epoch, batch index) so that each
     * combination gets an independent random stream, whatever order the combinations are visited in.
     */
    public static long derivedSeed(long... parts) {
        long h = 0;
        for (long p : parts) h = mix(h + GOLDEN_GAMMA + mix(p));
        return h;
    }

    /** The SplitMix64 output function (Stafford's variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
