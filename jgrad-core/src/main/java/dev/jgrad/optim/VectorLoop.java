package dev.jgrad.optim;

import dev.jgrad.backend.cpu.Parallel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Runs an optimiser's float32 elementwise update over the shared pool: each chunk takes whole
 * vectors, then element by element for its tail. The update of an element depends only on that
 * element, so the result is the same for any thread count as long as {@link Body#vector} and
 * {@link Body#scalar} round identically (same operations in the same order, {@code fma} where
 * one is fused).
 */
final class VectorLoop {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Elements per parallel chunk below which splitting costs more than it saves. */
    static final int GRAIN = 1 << 14;

    private VectorLoop() {}

    /** The update of elements [i, i + F.length()) and of element i alone. */
    interface Body {
        void vector(int i);

        void scalar(int i);
    }

    static void run(int n, Body body) {
        Parallel.forRange(n, GRAIN, (from, to) -> {
            int i = from;
            for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) body.vector(i);
            for (; i < to; i++) body.scalar(i);
        });
    }

    /** {@code a·b + c} rounded once, with a scalar {@code a}. */
    static FloatVector fma(float a, FloatVector b, FloatVector c) {
        return b.fma(FloatVector.broadcast(F, a), c);
    }
}
