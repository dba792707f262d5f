package dev.jgrad.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one shared thread pool of the library: {@code threads() - 1} daemon workers plus the calling
 * thread. Kernels take tens of microseconds, so hand-off is a volatile job slot that workers spin on
 * briefly before parking (a ForkJoinPool round trip costs more than such a kernel).
 */
public final class Parallel {
    private Parallel() {}

    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * How long an idle worker (or a waiting caller) spins before parking. Waking a parked worker
     * costs tens of microseconds, and serial stretches between regions (allocating an activation,
     * say) last about a millisecond, so spinning through them pays; but while the JIT compiler is
     * busy, as in a cold JVM, a spinning thread holds the core it needs, so spins stay short then.
     */
    private static final long SPIN_NANOS = 50_000, QUIET_JIT_SPIN_NANOS = 2_000_000;

    private static long spinNanos() {
        return JitActivity.quiet() ? QUIET_JIT_SPIN_NANOS : SPIN_NANOS;
    }

    /** True on workers and on a caller while it runs a parallel region: nested calls run inline. */
    private static final ThreadLocal<boolean[]> IN_REGION = ThreadLocal.withInitial(() -> new boolean[1]);

    private static volatile Pool pool = new Pool(Math.max(1, Integer.getInteger("jgrad.threads",
            Runtime.getRuntime().availableProcessors())));

    static {
        // The native BLAS is bound, and its own threads pinned to one, when the pool starts (as
        // PyTorch binds its BLAS at import), not inside the first product: linking it takes ~0.1 s.
        // The JIT probe's management bean too, not in the first region (~10 ms).
        Gemm.implementation();
        JitActivity.quiet();
    }

    public static int threads() {
        return pool.threads;
    }

    /** Replaces the pool; regions already running finish on the old one. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        Pool old = pool;
        if (old.threads == n) return;
        pool = new Pool(n);
        old.lock.lock(); // wait for a running region to finish before retiring its workers
        try {
            old.shutdown();
        } finally {
            old.lock.unlock();
        }
    }

    /**
     * Splits [0, n) into at most {@link #CHUNKS_PER_THREAD}·threads() contiguous chunks of at least
     * {@code grain} items and runs them in parallel. Runs inline when n &lt; 2*grain, threads() == 1,
     * or when already inside a parallel region. Chunk boundaries depend only on n, grain and
     * threads(), so a body whose result depends on its chunking is still deterministic; when the pool
     * is busy (another thread holds it) or the call is nested, the same chunks run one after another
     * on the caller.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        Pool p = pool;
        int chunks = chunks(n, grain, p.threads);
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        boolean[] inRegion = IN_REGION.get();
        if (inRegion[0]) {
            runInline(n, chunks, body);
            return;
        }
        boolean pooled = p.lock.tryLock();
        // The chunks run as a region on any path, so that regions nested in them run alike.
        inRegion[0] = true;
        try {
            if (pooled && !p.shutdown) p.run(new Job(body, n, chunks, Thread.currentThread()));
            else runInline(n, chunks, body); // the pool busy, or lost a race with setThreads
        } finally {
            inRegion[0] = false;
            if (pooled) p.lock.unlock();
        }
    }

    /** Whether the calling thread runs a parallel region's chunk, so that a region it opens runs on it alone. */
    static boolean inRegion() {
        return IN_REGION.get()[0];
    }

    /**
     * Whether {@link #forRange}(n, grain, ...) called here would run on this thread alone: as one
     * chunk, or nested in a region (which runs its chunks one after another).
     */
    static boolean runsOnCaller(int n, int grain) {
        return chunks(n, grain, pool.threads) == 1 || inRegion();
    }

    /**
     * Chunks of a region per thread. Threads claim chunks as they come free, so when one loses its
     * core for a while (to the JIT compiler, the collector or another process) the others take its
     * share of the remaining chunks rather than wait for it; with one chunk per thread a region
     * lasted as long as its slowest thread. ResNet's training: a cold epoch 15 % faster with four
     * than with one (BENCHMARKS.md, round 19).
     */
    static final int CHUNKS_PER_THREAD = 4;

    private static int chunks(int n, int grain, int threads) {
        return threads == 1 ? 1 : (int) Math.min((long) CHUNKS_PER_THREAD * threads, Math.max(1, n / Math.max(1, grain)));
    }

    private static void runInline(int n, int chunks, RangeBody body) {
        for (int i = 0; i < chunks; i++) body.run(chunkStart(n, chunks, i), chunkStart(n, chunks, i + 1));
    }

    static int chunkStart(int n, int chunks, int i) {
        return (int) ((long) n * i / chunks);
    }

    /**
     * One parallel region; a fresh object per call so a worker can never run a job twice. Threads
     * claim its chunks in turn, so a chunk runs on whichever thread is free first: a worker the OS
     * has not yet scheduled (the JIT compiler holds its core) leaves its chunk to the caller instead
     * of stalling the region. Which thread runs a chunk never changes what the chunk computes. (This
     * replaced running every region on the caller while the JIT was busy, which then lost the second
     * core whenever the compiler left it free: BENCHMARKS.md, round 12.)
     */
    private static final class Job {
        final RangeBody body;
        final int n, chunks;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger(), pending;
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Job(RangeBody body, int n, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.caller = caller;
            this.pending = new AtomicInteger(chunks);
        }

        /** Runs chunks until none is left to claim; true when this thread finished the region's last. */
        boolean runClaimed() {
            boolean last = false;
            for (int i; (i = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run(chunkStart(n, chunks, i), chunkStart(n, chunks, i + 1));
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                }
                last = pending.decrementAndGet() == 0;
            }
            return last;
        }
    }

    private static final class Pool {
        final int threads;
        final Worker[] workers;
        final ReentrantLock lock = new ReentrantLock();
        volatile Job job;
        volatile boolean shutdown;

        Pool(int threads) {
            this.threads = threads;
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        void run(Job j) {
            job = j;
            for (int i = 0; i < Math.min(j.chunks - 1, workers.length); i++) LockSupport.unpark(workers[i]);
            j.runClaimed();
            // Spin first: the other chunks usually finish within microseconds of ours.
            long start = System.nanoTime(), spin = spinNanos();
            while (j.pending.get() != 0) {
                if (System.nanoTime() - start < spin) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            Throwable t = j.error.get();
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            if (t != null) throw new RuntimeException(t);
        }

        void shutdown() {
            shutdown = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }

    private static final class Worker extends Thread {
        private final Pool pool;

        Worker(Pool pool, int index) {
            super("jgrad-parallel-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            IN_REGION.get()[0] = true;
            Job last = null;
            while (true) {
                Job j;
                long start = System.nanoTime(), spin = spinNanos();
                while ((j = pool.job) == last) {
                    if (pool.shutdown) return;
                    if (System.nanoTime() - start < spin) Thread.onSpinWait();
                    else LockSupport.park(pool);
                }
                last = j;
                if (j.runClaimed()) LockSupport.unpark(j.caller);
            }
        }
    }
}
