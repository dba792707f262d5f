package dev.jgrad.tensor;

import java.lang.ref.SoftReference;
import java.net.URL;
import java.security.CodeSource;
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
 * <p>Forward activations are another matter: any of them may be held by the caller, and only the
 * collector knows when none is. A training loop that knows every piece of code run in its step
 * can say so by opening a {@link Step}: large float32 arrays issued on the thread while it is open
 * are all given back when it closes, except those of the tensors the loop names as kept (the
 * parameters, their gradients, buffers and optimiser state). See {@code train.StepRecycling} for
 * when a loop may do that.
 *
 * <p>Arrays are matched by exact length: the gradients of a model come in a few sizes that repeat
 * every step. Arrays smaller than {@link #MIN_FLOATS} are not pooled; the JVM allocates those in
 * its thread-local buffers for less than a lookup costs. Free arrays up to {@link #maxFreeFloats}
 * are held strongly: held softly, G1 cleared a step's working set between steps whenever the heap
 * was small, and every array of the next step was then new (BENCHMARKS.md, round 10). Beyond it
 * (a step gives back its whole working set) they are held softly, so past its cap a pool never
 * causes an OutOfMemoryError: the collector clears those before it would throw one.
 */
public final class BufferPool {
    /** Smallest array pooled: 64 KiB. */
    static final int MIN_FLOATS = 1 << 14;
    /**
     * Most floats a thread keeps free between uses from the engine: 1/16 of the maximum heap. A
     * closed {@link Step} gives back all its arrays regardless: they are one step's working set,
     * which the next step needs again, and what is dropped becomes humongous garbage that G1 may
     * let pile up to the maximum heap before it collects (BENCHMARKS.md, round 9).
     */
    static long maxFreeFloats = Runtime.getRuntime().maxMemory() / 16 / Float.BYTES; // tests lower it
    private static final ThreadLocal<BufferPool> POOLS = ThreadLocal.withInitial(BufferPool::new);

    private final Map<Integer, Free> free = new HashMap<>();
    private long freeFloats, reusedFloats;
    /** A clock of requests: when each length was last asked for, and when the current step (or a scope outside any step) opened. */
    private long requests, openedAt;
    private Scope scope;
    private Step step;
    /** The arrays the last step kept that a step had issued (gradients, not parameters): a chained step gives back those it no longer keeps. */
    private Set<float[]> carried = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Where jgrad's own classes were loaded from: a user's class in jgrad's packages is not one of them. */
    private static final URL OWN_CODE = codeSource(BufferPool.class);
    private static final ClassValue<Boolean> OWN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            return !c.isAnonymousClass() && !c.isSynthetic() && c.getName().startsWith("dev.jgrad.")
                    && OWN_CODE != null && OWN_CODE.equals(codeSource(c));
        }
    };

    private BufferPool() {}

    /**
     * Whether {@code o} is an instance of one of jgrad's own classes (by package and by where it was
     * loaded from: not a user's subclass, nor a user's class in jgrad's packages), whose code is
     * known to keep no tensor it is given or returns: what recycling activations may vouch for.
     */
    public static boolean isOwn(Object o) {
        return OWN.get(o.getClass());
    }

    private static URL codeSource(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    /** Opens a {@link Step} on this thread; null when one is already open. */
    public static Step openStep() {
        return openStep(false);
    }

    /**
     * Opens a {@link Step} on this thread that, when it closes, also gives back what the last step
     * kept and this one does not: the gradients that {@code zeroGrad} replaced. Only for a loop that
     * holds no tensor between its steps either. Null when a step is already open.
     */
    public static Step openChainedStep() {
        return openStep(true);
    }

    private static Step openStep(boolean chained) {
        BufferPool pool = POOLS.get();
        if (pool.step != null) return null;
        pool.openedAt = pool.requests;
        return pool.step = pool.new Step(chained);
    }

    /** Forgets what the last step kept, so that no chained step gives it back: code that may hold it has run since. */
    public static void forgetKept() {
        POOLS.get().carried.clear();
    }

    /**
     * Starts recycling on this thread until the scope is closed; null when a scope is already open
     * (a backward pass run inside another, whose arrays the outer pass accounts for).
     */
    public static Scope open() {
        BufferPool pool = POOLS.get();
        if (pool.scope != null) return null;
        if (pool.step == null) pool.openedAt = pool.requests; // a step's backward pass is part of the step
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
        if (pool.scope == null && pool.step == null) return new float[size];
        Free arrays = pool.free.computeIfAbsent(size, k -> new Free());
        arrays.lastRequest = ++pool.requests;
        float[] a = null;
        while (a == null && !arrays.isEmpty()) {
            a = arrays.poll().get();
            pool.freeFloats -= size;
        }
        if (a == null) a = new float[size];
        else {
            pool.reusedFloats += size;
            if (zeroed) Arrays.fill(a, 0f);
        }
        if (pool.scope != null) pool.scope.issued.add(a);
        if (pool.step != null) pool.step.issued.add(a);
        return a;
    }

    /**
     * Lets go of this thread's free arrays, for the collector to take: the working set of work that
     * is over (a model trained and evaluated) need not outlive it. Arrays in use, and those a step
     * has issued, are not touched.
     */
    public static void trim() {
        BufferPool pool = POOLS.get();
        pool.free.clear();
        pool.freeFloats = 0;
    }

    /** Floats this thread has taken from its free arrays instead of allocating, ever (for tests and measurements). */
    public static long reusedFloats() {
        return POOLS.get().reusedFloats;
    }

    /** Excludes s's array from the open step's give-back: it is handed to code that may keep it. */
    static void escape(Storage s) {
        Step step = POOLS.get().step;
        if (step != null && s instanceof Storage.F32 f) step.issued.remove(f.data);
    }

    private void give(float[] a) {
        give(a, maxFreeFloats);
    }

    /**
     * Frees a for reuse unless that would take this thread's free floats past {@code cap}. Past
     * {@link #maxFreeFloats}, the free arrays of lengths not asked for since the current scope or
     * step opened go first: the working set has changed (from training to inference, say), and
     * holding the old one would keep the new one out, its arrays then garbage at every pass.
     */
    private void give(float[] a, long cap) {
        if (freeFloats + a.length > maxFreeFloats) dropStale();
        if (freeFloats + a.length > cap) return;
        free.computeIfAbsent(a.length, k -> new Free()).push(new Held(a, freeFloats + a.length <= maxFreeFloats));
        freeFloats += a.length;
    }

    private void dropStale() {
        for (var e : free.entrySet()) {
            Free arrays = e.getValue();
            if (arrays.lastRequest > openedAt || arrays.isEmpty()) continue;
            freeFloats -= (long) e.getKey() * arrays.size();
            arrays.clear();
        }
    }

    /** The free arrays of one length, most recently given back first. */
    private static final class Free extends ArrayDeque<Held> {
        long lastRequest;
    }

    /** A free array: softly reachable, and also strongly when pinned (within the cap). */
    private static final class Held extends SoftReference<float[]> {
        private final float[] pinned;

        Held(float[] a, boolean pin) {
            super(a);
            pinned = pin ? a : null;
        }

        boolean isPinned() {
            return pinned != null;
        }
    }

    /** Floats this thread holds free strongly, out of the collector's reach (for tests). */
    static long pinnedFloats() {
        long n = 0;
        for (var e : POOLS.get().free.entrySet()) for (Held h : e.getValue()) if (h.isPinned()) n += e.getKey();
        return n;
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
            if (step != null) step.issued.remove(s.data);
            give(s.data);
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

    /**
     * One training step whose arrays all come back when it closes. The caller guarantees that, once
     * it has named what it keeps, nothing will read or write any other tensor created on this
     * thread while the step was open.
     */
    public final class Step implements AutoCloseable {
        private final Set<float[]> issued = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<float[]> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        private final boolean chained;

        private Step(boolean chained) {
            this.chained = chained;
        }

        /** Keeps t's array out of the give-back (a parameter, gradient, buffer or state tensor). */
        public void keep(Tensor t) {
            if (t != null && t.storage() instanceof Storage.F32 s && (issued.remove(s.data) || carried.contains(s.data))) kept.add(s.data);
        }

        @Override
        public void close() {
            for (float[] a : issued) give(a, Long.MAX_VALUE);
            issued.clear(); // a second close gives nothing back twice
            if (chained) {
                for (float[] a : carried) if (!kept.contains(a)) give(a, Long.MAX_VALUE);
                carried = kept;
            } else {
                carried.clear();
            }
            step = null;
        }
    }
}
