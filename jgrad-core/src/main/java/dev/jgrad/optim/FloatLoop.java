package dev.jgrad.optim;

import dev.jgrad.backend.cpu.Parallel;

/**
 * Runs an optimiser's float32 elementwise update over the shared pool, in chunks of elements.
 * Each optimiser writes its update as a plain loop over the {@link Elements#floats() arrays},
 * indexed alike from 0, which C2 compiles to 512-bit vector code (SuperWord): as fast as the same
 * update written with the Vector API once compiled, and 20 times faster before — a run's first
 * steps execute the loop in the interpreter and in C1, where every Vector API operation allocates
 * (BENCHMARKS.md, round 16). The arrays must share one index: C2 (JDK 25) does not vectorize
 * {@code p[i + a]} next to {@code g[i + b]}, as both could be one array. The update of an element
 * depends only on that element, so the result is the same for any thread count.
 */
final class FloatLoop {
    /** Elements per parallel chunk below which splitting costs more than it saves. */
    static final int GRAIN = 1 << 14;

    private FloatLoop() {}

    static void run(int n, Parallel.RangeBody update) {
        Parallel.forRange(n, GRAIN, update);
    }
}
