package dev.jgrad.backend.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GemmTest {
    private static final int[][] SIZES = {
            {1, 1, 1}, {1, 1, 7}, {3, 1, 5}, {1, 17, 3}, {3, 3, 3}, {17, 17, 17}, {33, 17, 65}, {65, 33, 17},
            {6, 32, 1}, {7, 33, 2}, {129, 65, 33}, {12, 64, 600}, {300, 257, 129}, {5, 700, 9}};
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {0.5f, 2f}, {-1.5f, 1f}, {2f, -0.25f}};

    private int savedThreads;

    @BeforeEach
    void save() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
    }

    private interface SgemmPath {
        void run(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
    }

    private interface DgemmPath {
        void run(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                 double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);
    }

    /** A gemm problem with offsets and leading dimensions wider than the stored rows. */
    private record Problem(boolean ta, boolean tb, int m, int n, int k, int aOff, int lda, int bOff, int ldb,
                           int cOff, int ldc, double[] a, double[] b, double[] c) {
        static Problem random(Random r, boolean ta, boolean tb, int m, int n, int k) {
            int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
            int lda = aCols + r.nextInt(3), ldb = bCols + r.nextInt(3), ldc = n + r.nextInt(3);
            int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
            return new Problem(ta, tb, m, n, k, aOff, lda, bOff, ldb, cOff, ldc,
                    fill(r, aOff + aRows * lda), fill(r, bOff + bRows * ldb), fill(r, cOff + m * ldc));
        }

        double opA(int i, int p) { return a[aOff + (ta ? p * lda + i : i * lda + p)]; }

        double opB(int p, int j) { return b[bOff + (tb ? j * ldb + p : p * ldb + j)]; }

        /** op(A) * op(B) by the naive triple loop in double. */
        double[] product() {
            double[] ab = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += opA(i, p) * opB(p, j);
                    ab[i * n + j] = s;
                }
            return ab;
        }

        /** beta == 0 ignores C. */
        static double expected(double ab, double alpha, double beta, double cOld) {
            return alpha * ab + (beta == 0 ? 0 : beta * cOld);
        }
    }

    private static double[] fill(Random r, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1); // exactly representable as float
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    private static void checkFloat(SgemmPath path) {
        Random r = new Random(42);
        for (int[] s : SIZES) {
            for (int combo = 0; combo < 4; combo++) {
                Problem p = Problem.random(r, (combo & 1) != 0, (combo & 2) != 0, s[0], s[1], s[2]);
                double[] prod = p.product();
                float[] a = toFloat(p.a), b = toFloat(p.b);
                for (int variant = 0; variant <= ALPHA_BETA.length; variant++) {
                    boolean nanC = variant == ALPHA_BETA.length; // last variant: beta = 0 over a NaN-filled C
                    float alpha = nanC ? 1f : ALPHA_BETA[variant][0], beta = nanC ? 0f : ALPHA_BETA[variant][1];
                    float[] c = toFloat(p.c);
                    if (nanC) Arrays.fill(c, Float.NaN);
                    float[] before = c.clone();
                    path.run(p.ta, p.tb, p.m, p.n, p.k, alpha, a, p.aOff, p.lda, b, p.bOff, p.ldb, beta, c, p.cOff, p.ldc);
                    double tol = 1e-5 * (p.k + 4);
                    for (int i = 0; i < p.m; i++) {
                        for (int j = 0; j < p.n; j++) {
                            int ci = p.cOff + i * p.ldc + j;
                            double want = Problem.expected(prod[i * p.n + j], alpha, beta, before[ci]);
                            if (!(Math.abs(c[ci] - want) <= tol)) {
                                fail("%s m=%d n=%d k=%d ta=%b tb=%b alpha=%s beta=%s C(%d,%d)=%s want %s",
                                        path, p.m, p.n, p.k, p.ta, p.tb, alpha, beta, i, j, c[ci], want);
                            }
                            before[ci] = c[ci];
                        }
                    }
                    assertThat(Arrays.equals(c, before)).as("elements outside op(C) untouched").isTrue();
                }
            }
        }
    }

    private static void checkDouble(DgemmPath path) {
        Random r = new Random(7);
        for (int[] s : SIZES) {
            for (int combo = 0; combo < 4; combo++) {
                Problem p = Problem.random(r, (combo & 1) != 0, (combo & 2) != 0, s[0], s[1], s[2]);
                double[] prod = p.product();
                for (int variant = 0; variant <= ALPHA_BETA.length; variant++) {
                    boolean nanC = variant == ALPHA_BETA.length;
                    double alpha = nanC ? 1.0 : ALPHA_BETA[variant][0], beta = nanC ? 0.0 : ALPHA_BETA[variant][1];
                    double[] c = p.c.clone();
                    if (nanC) Arrays.fill(c, Double.NaN);
                    double[] before = c.clone();
                    path.run(p.ta, p.tb, p.m, p.n, p.k, alpha, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, beta, c, p.cOff, p.ldc);
                    double tol = 1e-13 * (p.k + 4);
                    for (int i = 0; i < p.m; i++) {
                        for (int j = 0; j < p.n; j++) {
                            int ci = p.cOff + i * p.ldc + j;
                            double want = Problem.expected(prod[i * p.n + j], alpha, beta, before[ci]);
                            if (!(Math.abs(c[ci] - want) <= tol)) {
                                fail("m=%d n=%d k=%d ta=%b tb=%b C(%d,%d)=%s want %s", p.m, p.n, p.k, p.ta, p.tb, i, j, c[ci], want);
                            }
                            before[ci] = c[ci];
                        }
                    }
                    assertThat(Arrays.equals(c, before)).as("elements outside op(C) untouched").isTrue();
                }
            }
        }
    }

    @Test
    void sgemmDispatchMatchesNaive() {
        checkFloat(Gemm::sgemm);
            }

    @Test
    void sgemmPackedVectorPathMatchesNaive() {
        checkFloat((ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) ->
                Gemm.sgemmSplit(false, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    @Test
    void sgemmNativePathMatchesNaive() {
        assumeTrue(NativeBlas.available(), NativeBlas.status());
        checkFloat((ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) ->
                Gemm.sgemmSplit(true, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    @Test
    void nativePathIsDeterministicForAThreadCountAndCloseAcrossThem() {
        assumeTrue(NativeBlas.available(), NativeBlas.status());
        Random r = new Random(5);
        int m = 96, n = 400, k = 300;
        float[] a = toFloat(fill(r, m * k)), b = toFloat(fill(r, k * n));
        float[] single = null;
        for (int threads : new int[]{1, 2, 3}) {
            Parallel.setThreads(threads);
            float[] first = new float[m * n];
            Gemm.sgemmSplit(true, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, first, 0, n);
            for (int rep = 0; rep < 3; rep++) {
                float[] c = new float[m * n];
                Gemm.sgemmSplit(true, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                assertThat(Arrays.equals(c, first)).as("native threads=%d rep=%d", threads, rep).isTrue();
            }
            if (single == null) single = first;
            for (int i = 0; i < first.length; i++) assertThat(first[i]).isCloseTo(single[i], within(1e-4f * k));
        }
    }

    @Test
    void sgemmScalarPathMatchesNaive() {
        checkFloat(Gemm::sgemmScalar);
            }

    @Test
    void dgemmPathsMatchNaive() {
        checkDouble(Gemm::dgemm);
        checkDouble(Gemm::dgemmVector);
        checkDouble(Gemm::dgemmScalar);
            }

    @Test
    void singleThreadedPathsMatchToo() {
        Parallel.setThreads(1);
        checkFloat(Gemm::sgemm);
        checkDouble(Gemm::dgemm);
    }

    @Test
    void kZeroAndAlphaZeroOnlyScaleC() {
        float[] c = {1, 2, Float.NaN, 4};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertThat(c).containsExactly(0, 0, 0, 0);
        float[] c2 = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 1, 0f, new float[]{Float.NaN, 1}, 0, 1, new float[]{1, 1}, 0, 2, 3f, c2, 0, 2);
        assertThat(c2).containsExactly(3, 6, 9, 12);
        double[] d = {1, 2, 3, 4};
        Gemm.dgemm(true, true, 2, 2, 0, 1.0, new double[0], 0, 2, new double[0], 0, 1, 0.5, d, 0, 2);
        assertThat(d).containsExactly(0.5, 1, 1.5, 2);
        Gemm.sgemm(false, false, 0, 5, 5, 1f, new float[0], 0, 5, new float[25], 0, 5, 0f, new float[0], 0, 5);
    }

    @Test
    void javaKernelsAreBitwiseReproducibleAndIndependentOfThreadCount() {
        Random r = new Random(3);
        for (int[] s : new int[][]{{300, 257, 129}, {96, 400, 300}, {513, 65, 777}}) {
            int m = s[0], n = s[1], k = s[2];
            for (int combo = 0; combo < 4; combo++) {
                boolean ta = (combo & 1) != 0, tb = (combo & 2) != 0;
                float[] a = toFloat(fill(r, m * k)), b = toFloat(fill(r, k * n));
                double[] ad = fill(r, m * k), bd = fill(r, k * n);
                Parallel.setThreads(1);
                float[] ref = new float[m * n];
                double[] refD = new double[m * n];
                Gemm.sgemmSplit(false, ta, tb, m, n, k, 1.25f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, ref, 0, n);
                Gemm.dgemm(ta, tb, m, n, k, 1.25, ad, 0, ta ? m : k, bd, 0, tb ? k : n, 0.0, refD, 0, n);
                for (int threads : new int[]{2, 3}) {
                    Parallel.setThreads(threads);
                    for (int rep = 0; rep < 3; rep++) {
                        float[] c = new float[m * n];
                        double[] cd = new double[m * n];
                        Gemm.sgemmSplit(false, ta, tb, m, n, k, 1.25f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                        Gemm.dgemm(ta, tb, m, n, k, 1.25, ad, 0, ta ? m : k, bd, 0, tb ? k : n, 0.0, cd, 0, n);
                        assertThat(Arrays.equals(c, ref)).as("float threads=%d", threads).isTrue();
                        assertThat(Arrays.equals(cd, refD)).as("double threads=%d", threads).isTrue();
                    }
                }
            }
        }
    }
}
