package dev.jgrad.backend.cpu;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Square float32 C = A·B through the native BLAS and through the packed Java kernel, both split
 * over jgrad's pool, and the reference: one OpenBLAS call threaded by OpenBLAS itself over as many
 * threads ("openblas-own-threads"), the native BLAS's own sgemm that jgrad's GEMM is held against.
 * GFLOPS = 2n³ / time; the report prints it beside the time (see tearDown).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The serial collector, as the jgrad launcher runs it: under G1 the results' allocations cost more.
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class GemmBench {
    @Param({"256", "512", "1024", "2048"})
    int n;

    @Param({"native", "java", "openblas-own-threads"})
    String kernel;

    float[] a, b, c;
    long calls, nanos;

    @Setup
    public void setUp() {
        if (!kernel.equals("java") && !NativeBlas.available()) throw new IllegalStateException(NativeBlas.status());
        NativeBlas.setThreads(kernel.equals("openblas-own-threads") ? Parallel.threads() : 1);
        Random r = new Random(1);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
            b[i] = r.nextFloat() - 0.5f;
        }
    }

    @Benchmark
    public float[] sgemm() {
        long start = System.nanoTime();
        if (kernel.equals("openblas-own-threads")) NativeBlas.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        else Gemm.sgemmSplit(kernel.equals("native"), false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        nanos += System.nanoTime() - start;
        calls++;
        return c;
    }

    @TearDown
    public void report() {
        System.out.printf("%n  sgemm %s n=%d threads=%d: %.1f GFLOPS%n", kernel, n, Parallel.threads(),
                2.0 * n * n * n * calls / nanos);
    }
}
