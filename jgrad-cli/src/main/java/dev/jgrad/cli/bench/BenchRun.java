package dev.jgrad.cli.bench;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.data.Permutations;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.lr.LRScheduler;
import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.train.StepRecycling;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One workload measured the way the PyTorch peer measures it: shuffles built before timing, then
 * timed training (batch gather, forward, loss, backward, optimiser and scheduler step, reading the
 * loss), then inference at batch 1000 in eval mode without grad (one warm-up batch, best of three
 * passes, accuracy from the first).
 */
public final class BenchRun {
    /** Batches left out of the steady training rate (JIT warm-up). */
    static final int WARM_BATCHES = 10;
    static final int INFERENCE_BATCH = 1000;

    private BenchRun() {}

    /** Trains {@code epochs} epochs, or {@code batches} batches per epoch when positive; returns the result keyed like the peer's JSON. */
    public static Map<String, Object> run(Workload w, BenchData data, int epochs, int batches, int threads, long seed) {
        boolean runPeak = startPeakRss();
        Parallel.setThreads(threads);
        Module model = w.model(seed);
        int n = data.trainCount(), bs = w.batch, full = (n + bs - 1) / bs, nb = batches > 0 ? Math.min(batches, full) : full;
        Optimizer opt = w.optimizer(model);
        LRScheduler sched = w.scheduler(opt, epochs * nb);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        long[][] perms = new long[epochs][];
        for (int e = 0; e < epochs; e++) perms[e] = toLongs(Permutations.portable(n, seed + e));

        long gcBefore = gcMillis(), allocatedBefore = allocatedBytes();
        double trainSeconds = 0, steadySeconds = 0, lastMeanLoss = Double.NaN;
        long images = 0, steadyImages = 0;
        for (int e = 0; e < epochs; e++) {
            model.train();
            double lossSum = 0;
            int seen = 0;
            long epochStart = System.nanoTime();
            for (int b = 0; b < nb; b++) {
                long batchStart = System.nanoTime();
                int from = b * bs, to = Math.min(n, from + bs);
                try (StepRecycling recycling = StepRecycling.openChained(model, opt, lossFn)) {
                    Tensor idx = Tensors.fromArray(java.util.Arrays.copyOfRange(perms[e], from, to), to - from);
                    Tensor x = data.trainX().indexSelect(0, idx), y = data.trainY().indexSelect(0, idx);
                    opt.zeroGrad();
                    Tensor loss = lossFn.call(model.call(x), y);
                    loss.backward();
                    opt.step();
                    if (sched != null) sched.step();
                    lossSum += loss.item() * (to - from);
                }
                seen += to - from;
                if (e > 0 || b >= WARM_BATCHES) {
                    steadySeconds += (System.nanoTime() - batchStart) / 1e9;
                    steadyImages += to - from;
                }
            }
            trainSeconds += (System.nanoTime() - epochStart) / 1e9;
            images += seen;
            lastMeanLoss = lossSum / seen;
        }
        long gcTrain = gcMillis() - gcBefore, allocatedTrain = allocatedBytes() - allocatedBefore;
        releasePooledArrays();

        double[] passes = new double[3];
        double accuracy = Double.NaN;
        model.eval();
        try (var noGrad = Autograd.noGrad()) {
            model.call(data.testX().narrow(0, 0, Math.min(INFERENCE_BATCH, data.testX().size(0))));
            for (int p = 0; p < passes.length; p++) {
                long start = System.nanoTime();
                long correct = 0;
                for (int i = 0; i < data.testX().size(0); i += INFERENCE_BATCH) {
                    int len = Math.min(INFERENCE_BATCH, data.testX().size(0) - i);
                    Tensor predicted = model.call(data.testX().narrow(0, i, len)).argmax(1, false);
                    correct += (long) predicted.eq(data.testY().narrow(0, i, len)).sum().item();
                }
                passes[p] = (System.nanoTime() - start) / 1e9;
                if (p == 0) accuracy = (double) correct / data.testX().size(0);
            }
        }
        double best = Math.min(passes[0], Math.min(passes[1], passes[2]));

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("peer", "jgrad");
        r.put("workload", w.id());
        r.put("epochs", epochs);
        r.put("batch", bs);
        r.put("batches_per_epoch", nb);
        r.put("full_epoch", nb == full);
        r.put("threads", Parallel.threads());
        r.put("train_images_per_s", round(images / trainSeconds, 1));
        r.put("train_images_per_s_steady", steadySeconds > 0 ? round(steadyImages / steadySeconds, 1) : null);
        r.put("seconds_per_epoch", round(trainSeconds / epochs, 3));
        r.put("seconds_per_full_epoch_est", round(trainSeconds / epochs * full / nb, 3));
        r.put("final_train_loss", round(lastMeanLoss, 5));
        r.put("test_accuracy", round(accuracy, 4));
        r.put("inference_images_per_s", round(data.testX().size(0) / best, 1));
        r.put("inference_pass_seconds", List.of(round(passes[0], 4), round(passes[1], 4), round(passes[2], 4)));
        r.put("peak_rss_mib", round(peakRssMib(), 1));
        r.put("peak_rss_scope", runPeak ? "run" : "process");
        r.put("gc_ms_training", gcTrain);
        r.put("allocated_mib_per_batch", allocatedBefore < 0 ? null : round(allocatedTrain / (1024.0 * 1024.0) / ((long) epochs * nb), 2));
        r.put("data", data.source());
        r.put("data_mean", round(data.mean(), 6));
        r.put("data_std", round(data.std(), 6));
        r.put("blas", dev.jgrad.backend.cpu.Gemm.implementation());
        r.put("java", Runtime.version().toString());
        return r;
    }

    private static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    /** Bytes allocated on the heap by all threads so far (the JVM's counter), or -1 where it is not supported. */
    private static long allocatedBytes() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemoryEnabled() ? threads.getTotalThreadAllocatedBytes() : -1;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) total += Math.max(0, gc.getCollectionTime());
        return total;
    }

    /**
     * Starts this run's peak-RSS window, as the peer's fresh process starts its own: lets go of the
     * arrays the buffer pool kept from earlier runs and collects what they left on the heap, then
     * resets VmHWM to the current resident set (Linux's clear_refs). False where that is not
     * possible: the peak is then the whole process's.
     */
    private static boolean startPeakRss() {
        releasePooledArrays();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Lets go of this thread's pooled arrays and collects them: at the start of a run (an earlier
     * run's), and between training and inference, whose batch-1000 arrays are other sizes. PyTorch's
     * allocator returns a tensor's memory when it dies, a JVM only when it collects, and the serial
     * collector grows the heap rather than collecting its old generation in full, so inference's
     * arrays would otherwise come on top of training's.
     */
    private static void releasePooledArrays() {
        BufferPool.trim();
        System.gc();
    }

    /** The process's peak resident set (VmHWM), like the peer's ru_maxrss; NaN where /proc is missing. */
    static double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    static double round(double v, int digits) {
        if (!Double.isFinite(v)) return v;
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
