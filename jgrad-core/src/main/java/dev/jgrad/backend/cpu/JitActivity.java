package dev.jgrad.backend.cpu;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether the JIT compiler is quiet: over the last {@link #WINDOW} samples (about 200 ms) its
 * threads spent less than a quarter of the time compiling. A warming JVM compiles more than a
 * core's worth, with brief lulls; a warm one a few percent, as stray methods still get compiled now
 * and then. {@link Parallel} spins long only while the JIT is quiet, so that a spinning thread
 * does not hold a core the compiler wants. The JVM's total compilation time is read at most
 * every {@link #SAMPLE_NANOS}, so asking is cheap enough for a spin loop; racing callers can only
 * skip or repeat a sample.
 */
final class JitActivity {
    static final long SAMPLE_NANOS = 50_000_000;
    static final int WINDOW = 4;

    private static final JitActivity JVM = ofThisJvm();

    private final LongSupplier clock, compileMillis;
    /** The last WINDOW samples, oldest at {@code next}: when each was taken and the JIT's total then. */
    private final long[] sampleNanos = new long[WINDOW], sampleMillis = new long[WINDOW];
    private int next;
    /** Whether every slot holds a sample, so the oldest is a whole window old. */
    private boolean full;
    private volatile long nextSample;
    private volatile boolean quiet;

    /** Samples {@code compileMillis} (a running total of compilation time) on {@code clock} (nanoseconds). */
    JitActivity(LongSupplier clock, LongSupplier compileMillis) {
        this.clock = clock;
        this.compileMillis = compileMillis;
        nextSample = clock.getAsLong();
    }

    /** This JVM's JIT; never quiet where the JVM does not report compilation time. */
    static boolean quiet() {
        return JVM != null && JVM.isQuiet();
    }

    private static JitActivity ofThisJvm() {
        try {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return null;
            return new JitActivity(System::nanoTime, jit::getTotalCompilationTime);
        } catch (LinkageError noManagementModule) { // a trimmed runtime (jlink) without java.management
            return null;
        }
    }

    boolean isQuiet() {
        if (clock.getAsLong() - nextSample >= 0) sample();
        return quiet;
    }

    private synchronized void sample() {
        long now = clock.getAsLong();
        if (now - nextSample < 0) return; // another caller just sampled
        nextSample = now + SAMPLE_NANOS;
        long total = compileMillis.getAsLong();
        int oldest = next;
        long compiling = (total - sampleMillis[oldest]) * 1_000_000, window = now - sampleNanos[oldest];
        quiet = full && compiling * 4 < window;
        sampleNanos[oldest] = now;
        sampleMillis[oldest] = total;
        next = (oldest + 1) % WINDOW;
        full |= next == 0;
    }
}
