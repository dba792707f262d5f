package dev.jgrad.backend.cpu;

import java.util.Random;

/**
 * The float products of the mlp workload, native BLAS against the Java kernel, as the pool runs
 * them ({@code Gemm.sgemmSplit}: split over the threads, beta 0): best of {@code reps} calls each,
 * five rounds in one JVM, in µs and GFLOPS. It sits in the GEMM's package to choose the kernel per
 * call, so it is compiled onto the core's classes rather than run as a source file:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp jgrad-core/target/classes -d /tmp/gemm tools/bench/GemmShapes.java
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
 *      -cp "/tmp/gemm:jgrad-core/target/classes:jgrad-cli/target/lib/*" dev.jgrad.backend.cpu.GemmShapes 300
 * </pre>
 */
public final class GemmShapes {
    private record Shape(String name, boolean transA, boolean transB, int m, int n, int k) {}

    private static final Shape[] SHAPES = {
        new Shape("forward, x W1^T", false, true, 64, 256, 784),
        new Shape("weight gradient, dY^T x", true, false, 256, 784, 64),
        new Shape("inference, x W1^T", false, true, 1000, 256, 784),
    };

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Random random = new Random(1);
        for (int round = 0; round < 5; round++) {
            for (Shape s : SHAPES) {
                float[] a = random(s.m * s.k, random), b = random(s.k * s.n, random), c = new float[s.m * s.n];
                int lda = s.transA ? s.m : s.k, ldb = s.transB ? s.k : s.n;
                StringBuilder line = new StringBuilder(String.format("%-26s", s.name));
                for (boolean nativeBlas : new boolean[] {true, false}) {
                    if (nativeBlas && !Gemm.NATIVE) continue;
                    long best = Long.MAX_VALUE;
                    for (int r = 0; r < reps; r++) {
                        long start = System.nanoTime();
                        Gemm.sgemmSplit(nativeBlas, s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.n);
                        best = Math.min(best, System.nanoTime() - start);
                    }
                    line.append(String.format("  %s %7.1f us %6.1f GFLOPS", nativeBlas ? "native" : "java", best / 1e3, 2.0 * s.m * s.n * s.k / best));
                }
                System.out.println(line);
            }
        }
    }

    private static float[] random(int size, Random random) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = random.nextFloat() - 0.5f;
        return x;
    }
}
