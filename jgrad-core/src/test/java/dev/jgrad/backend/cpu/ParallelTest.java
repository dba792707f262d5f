package dev.jgrad.backend.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelTest {
    private int saved;

    @BeforeEach
    void save() {
        saved = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void coversEveryIndexExactlyOnce() {
        for (int threads : new int[]{1, 2, 3, 5}) {
            Parallel.setThreads(threads);
            for (int n : new int[]{0, 1, 2, 7, 100, 10_007}) {
                for (int grain : new int[]{1, 3, 1000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    Parallel.forRange(n, grain, (from, to) -> {
                        for (int i = from; i < to; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) assertThat(hits.get(i)).as("n=%d grain=%d i=%d", n, grain, i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void chunksRespectGrainAndThreadCountAndAreDeterministic() {
        Parallel.setThreads(3);
        List<int[]> first = chunks(1000, 100);
        assertThat(first).hasSize(10); // n / grain, below 4 chunks a thread
        for (int[] ch : first) assertThat(ch[1] - ch[0]).isGreaterThanOrEqualTo(100);
        for (int rep = 0; rep < 20; rep++) assertThat(chunks(1000, 100)).containsExactlyElementsOf(first);
        assertThat(chunks(100_000, 100)).hasSize(3 * Parallel.CHUNKS_PER_THREAD);
        assertThat(chunks(250, 100)).hasSize(2);
        assertThat(chunks(199, 100)).hasSize(1); // n < 2*grain runs inline as one chunk
    }

    private static List<int[]> chunks(int n, int grain) {
        List<int[]> out = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(n, grain, (from, to) -> out.add(new int[]{from, to}));
        List<int[]> sorted = new ArrayList<>(out);
        sorted.sort((x, y) -> Integer.compare(x[0], y[0]));
        return sorted;
    }

    @Test
    void whileThePoolIsBusyTheSameChunksRunOnTheCallerAsARegion() throws InterruptedException {
        Parallel.setThreads(3);
        List<int[]> pooled = chunks(1000, 100);
        // Another thread holds the pool with a region whose chunks wait until released.
        CountDownLatch holding = new CountDownLatch(1), release = new CountDownLatch(1);
        Thread holder = new Thread(() -> Parallel.forRange(2, 1, (from, to) -> {
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        holder.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<int[]> serial = new ArrayList<>();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        List<Boolean> nestedSeesRegion = new ArrayList<>();
        try {
            Parallel.forRange(1000, 100, (from, to) -> {
                serial.add(new int[]{from, to});
                seen.add(Thread.currentThread());
                nestedSeesRegion.add(Parallel.inRegion()); // so a GEMM nested in it runs as in a pooled region
            });
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(serial).usingElementComparator((x, y) -> java.util.Arrays.compare(x, y)).containsExactlyElementsOf(pooled);
        assertThat(seen).containsExactly(Thread.currentThread());
        assertThat(nestedSeesRegion).containsOnly(true);
        assertThat(Parallel.inRegion()).isFalse();
    }

    @Test
    void runsOnSeveralThreads() throws InterruptedException {
        Parallel.setThreads(2);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        // Each chunk waits for the other to start, so the caller cannot claim both: the worker must run one.
        CountDownLatch bothStarted = new CountDownLatch(2);
        Parallel.forRange(2, 1, (from, to) -> {
            seen.add(Thread.currentThread());
            bothStarted.countDown();
            try {
                bothStarted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(bothStarted.getCount()).isZero();
        assertThat(seen).hasSize(2).contains(Thread.currentThread());
    }

    @Test
    void everyChunkRunsOnceWhicheverThreadClaimsIt() {
        Parallel.setThreads(2);
        for (int region = 0; region < 2000; region++) {
            List<int[]> ran = Collections.synchronizedList(new ArrayList<>());
            Parallel.forRange(10, 1, (from, to) -> ran.add(new int[]{from, to}));
            assertThat(ran).usingElementComparator((x, y) -> java.util.Arrays.compare(x, y)).containsExactlyInAnyOrder(
                    new int[]{0, 1}, new int[]{1, 2}, new int[]{2, 3}, new int[]{3, 5}, new int[]{5, 6}, new int[]{6, 7},
                    new int[]{7, 8}, new int[]{8, 10});
        }
    }

    @Test
    void exceptionsPropagateFromWorkerAndCallerChunks() {
        Parallel.setThreads(2);
        assertThatThrownBy(() -> Parallel.forRange(100, 1, (from, to) -> {
            if (from > 0) throw new IllegalStateException("worker chunk");
        })).isInstanceOf(IllegalStateException.class).hasMessage("worker chunk");
        assertThatThrownBy(() -> Parallel.forRange(100, 1, (from, to) -> {
            if (from == 0) throw new AssertionError("caller chunk");
        })).isInstanceOf(AssertionError.class).hasMessage("caller chunk");
        // the pool still works afterwards
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        Parallel.forRange(100, 1, (from, to) -> {
            for (int i = from; i < to; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < 100; i++) assertThat(hits.get(i)).isEqualTo(1);
    }

    @Test
    void nestedCallsRunInlineOnTheOuterChunksThread() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(2 * 1000);
        Set<Boolean> sameThread = ConcurrentHashMap.newKeySet();
        Parallel.forRange(2, 1, (from, to) -> {
            Thread outer = Thread.currentThread();
            for (int o = from; o < to; o++) {
                int base = o * 1000;
                Parallel.forRange(1000, 1, (f, t) -> {
                    sameThread.add(Thread.currentThread() == outer);
                    for (int i = f; i < t; i++) hits.incrementAndGet(base + i);
                });
            }
        });
        assertThat(sameThread).containsExactly(true);
        for (int i = 0; i < 2000; i++) assertThat(hits.get(i)).isEqualTo(1);
    }

    @Test
    void concurrentCallersAllComplete() throws InterruptedException {
        Parallel.setThreads(2);
        int callers = 4, n = 5000;
        AtomicIntegerArray hits = new AtomicIntegerArray(callers * n);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int base = t * n;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    Parallel.forRange(n, 1, (from, to) -> {
                        for (int i = from; i < to; i++) hits.incrementAndGet(base + i);
                    });
                }
            }));
        }
        for (Thread t : ts) t.join();
        for (int i = 0; i < callers * n; i++) assertThat(hits.get(i)).isEqualTo(200);
    }

    @Test
    void rejectsNonPositiveThreadCount() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
