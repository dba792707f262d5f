package dev.jgrad.backend.cpu;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether the JIT compiler is quiet: over the last {@link #WINDOW} samples (about 200 ms) its
 * threads spent less than a quarter of the time compiling. A warming JVM compiles more than a
 * core's worth, with brief lulls; a warm one a few percent, as stray methods still get compiled now
 * and then. The JVM's total compilation time is read at most every {@link #SAMPLE_NANOS}, so asking
 * is cheap enough for a spin loop; racing callers can only skip or repeat a sample.
 */
final class JitActivity {
    private JitActivity() {}

    private static final long SAMPLE_NANOS = 50_000_000;
    private static final int WINDOW = 4;
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    private static final boolean MEASURABLE = JIT != null && JIT.isCompilationTimeMonitoringSupported();

    /** The last WINDOW + 1 samples, oldest at {@code next}: when each was taken and the JIT's total then. */
    private static final long[] sampleNanos = new long[WINDOW + 1], sampleMillis = new long[WINDOW + 1];
    private static int next;
    private static volatile long nextSample = System.nanoTime();
    private static volatile boolean quiet;

    static boolean quiet() {
        if (MEASURABLE && System.nanoTime() - nextSample >= 0) sample();
        return quiet;
    }

    private static synchronized void sample() {
        long now = System.nanoTime();
        if (now - nextSample < 0) return; // another caller just sampled
        nextSample = now + SAMPLE_NANOS;
        long total = JIT.getTotalCompilationTime();
        int oldest = next;
        boolean full = sampleNanos[oldest] != 0;
        quiet = full && (total - sampleMillis[oldest]) * 1_000_000 * 4 < now - sampleNanos[oldest];
        sampleNanos[oldest] = now;
        sampleMillis[oldest] = total;
        next = (oldest + 1) % sampleNanos.length;
    }
}
