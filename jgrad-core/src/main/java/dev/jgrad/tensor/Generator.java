package dev.jgrad.tensor;

/**
 * A seeded random number generator (xoshiro256**, seeded through SplitMix64) whose whole state can
 * be saved and restored, so checkpoints can resume the exact random stream.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(0x5eed);

    private final long[] s = new long[4];
    private double spareGaussian;
    private boolean hasSpare;

    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The generator used when none is passed (PyTorch's default generator). */
    public static Generator global() {
        return DEFAULT;
    }

    /** Reseeds the global generator (PyTorch's {@code torch.manual_seed}). */
    public static void seed(long seed) {
        DEFAULT.manualSeed(seed);
    }

    public synchronized Generator manualSeed(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
        hasSpare = false;
        return this;
    }

    public synchronized long nextLong() {
        return next();
    }

    private long next() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return uniform(nextLong());
    }

    /** Uniform integer in [0, bound) without modulo bias. */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    /** Standard normal sample (Box-Muller; the second value of each pair is kept for the next call). */
    public synchronized double nextGaussian() {
        return gaussian();
    }

    /**
     * Fills out with the values {@link #nextDouble} would return one call at a time, rounded to
     * float, taking the lock once instead of per value (a lock per element cost ~20 ns).
     */
    public synchronized void fillUniform(float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = (float) uniform(next());
    }

    /** Fills out with the values {@link #nextGaussian} would return one call at a time, rounded to float. */
    public synchronized void fillGaussian(float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = (float) gaussian();
    }

    private static double uniform(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    private double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1 = 1.0 - uniform(next()), u2 = uniform(next());
        double r = Math.sqrt(-2 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** The complete state: four state words, the cached Gaussian flag and value. */
    public synchronized long[] getState() {
        return new long[] {s[0], s[1], s[2], s[3], hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    public synchronized void setState(long[] state) {
        if (state.length != 6) throw new IllegalArgumentException("Generator.setState: expected 6 longs, got " + state.length);
        System.arraycopy(state, 0, s, 0, 4);
        hasSpare = state[4] != 0;
        spareGaussian = Double.longBitsToDouble(state[5]);
    }
}
