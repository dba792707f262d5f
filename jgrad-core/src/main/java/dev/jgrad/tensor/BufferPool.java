package dev.jgrad.tensor;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Recycles the float32 arrays of backward passes, and of forward passes without gradients (whose
 * intermediate activations {@code nn.Intermediates} gives back). Java frees an array only when the
 * collector finds it unreachable, so without this every gradient of every step is a new array that
 * the JVM zeroes, and garbage that grows the heap. While the autograd engine runs a backward pass on a
 * thread it holds a {@link Scope}: large float32 storages allocated on that thread then come from
 * this thread's pool, and the engine gives back each gradient once it knows that nothing else can
 * refer to it (see the engine for when that is). The pool outlives the pass, so a training loop
 * reuses one step's gradient arrays in the next.
 *
 * <p>Arrays are matched by exact length: the gradients of a model come in a few sizes that repeat
 * every step. Arrays smaller than {@link #MIN_FLOATS} are not pooled; the JVM allocates those in
 * its thread-local buffers for less than a lookup costs. Free arrays are held softly, so a pool
 * never causes an OutOfMemoryError: the collector clears them before it would throw one.
 */
public final class BufferPool {
    /** Smallest array pooled: 64 KiB. */
    static final int MIN_FLOATS = 1 << 14;
    /** Most floats a thread keeps free between uses: 1/16 of the maximum heap. */
    private static final long MAX_FREE_FLOATS = Runtime.getRuntime().maxMemory() / 16 / Float.BYTES;
    private static final ThreadLocal<BufferPool> POOLS = ThreadLocal.withInitial(BufferPool::new);

    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> free = new HashMap<>();
    private long freeFloats, reusedFloats;
    private Scope scope;

    private BufferPool() {}

    /**
     * Starts recycling on this thread until the scope is closed; null when a scope is already open
     * (a backward pass run inside another, whose arrays the outer pass accounts for).
     */
    public static Scope open() {
        BufferPool pool = POOLS.get();
        if (pool.scope != null) return null;
        return pool.scope = pool.new Scope();
    }

    /** The scope open on this thread, or null: a pass nested in another gives its arrays back to the outer one's. */
    public static Scope current() {
        return POOLS.get().scope;
    }

    /**
     * A float array of {@code size} elements: a recycled one inside a scope if one of that length is
     * free (zeroed on request), else a new one (always zero).
     */
    static float[] floats(int size, boolean zeroed) {
        if (size < MIN_FLOATS) return new float[size];
        BufferPool pool = POOLS.get();
        if (pool.scope == null) return new float[size];
        ArrayDeque<SoftReference<float[]>> arrays = pool.free.get(size);
        float[] a = null;
        while (a == null && arrays != null && !arrays.isEmpty()) {
            a = arrays.poll().get();
            pool.freeFloats -= size;
        }
        if (a == null) a = new float[size];
        else {
            pool.reusedFloats += size;
            if (zeroed) Arrays.fill(a, 0f);
        }
        pool.scope.issued.add(a);
        return a;
    }

    /** Floats this thread has taken from its free arrays instead of allocating, ever (for tests and measurements). */
    public static long reusedFloats() {
        return POOLS.get().reusedFloats;
    }

    /** Floats this thread keeps free for reuse, counting arrays the collector may have cleared (for tests and measurements). */
    public static long freeFloats() {
        return POOLS.get().freeFloats;
    }

    /** One backward pass's use of the pool; only arrays issued within it can be given back. */
    public final class Scope implements AutoCloseable {
        private final Set<float[]> issued = Collections.newSetFromMap(new IdentityHashMap<>());

        private Scope() {}

        /**
         * Gives t's array back to the pool if it was issued in this scope. The caller guarantees
         * that nothing will read or write t, nor any tensor sharing its storage, again.
         */
        public void release(Tensor t) {
            if (!(t.storage() instanceof Storage.F32 s) || !issued.remove(s.data)) return;
            if (freeFloats + s.data.length > MAX_FREE_FLOATS) return;
            free.computeIfAbsent(s.data.length, k -> new ArrayDeque<>()).push(new SoftReference<>(s.data));
            freeFloats += s.data.length;
        }

        /** Makes t's array permanent: something outside the engine may keep it. */
        public void forget(Tensor t) {
            if (t != null && t.storage() instanceof Storage.F32 s) issued.remove(s.data);
        }

        @Override
        public void close() {
            issued.clear();
            scope = null;
        }
    }
}
