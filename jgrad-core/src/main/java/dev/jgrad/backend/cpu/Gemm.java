package dev.jgrad.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Row-major GEMM: C = alpha * op(A) * op(B) + beta * C, with op(A) m x k and op(B) k x n.
 * A is stored k x m when transA, B is stored n x k when transB. beta == 0 overwrites C (NaNs ignored).
 *
 * <p>The float path is GotoBLAS-style: op(B) is packed into kc x NR slivers, op(A) into MR x kc
 * slivers (both zero-padded, in thread-local buffers), and an MR x NR register tile is accumulated
 * with vector fma. Each element of C sees the same sequence of operations whatever the blocking of
 * m and n, so results are bitwise independent of the thread count. {@code -Djgrad.vector=false}
 * forces the plain scalar loops.
 */
public final class Gemm {
    private Gemm() {}

    static final boolean VECTOR = !"false".equalsIgnoreCase(System.getProperty("jgrad.vector"))
            && FloatVector.SPECIES_PREFERRED.length() >= 4;

    /**
     * Whether float products go to the native BLAS ({@link NativeBlas}); {@code -Djgrad.blas=java}
     * forces the Java kernels, {@code -Djgrad.blas=native} (the default) uses OpenBLAS where it loads.
     */
    static final boolean NATIVE = !"java".equalsIgnoreCase(System.getProperty("jgrad.blas", "native")) && NativeBlas.available();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Register tile: MR rows x NR = 2 vectors (6 x 32 on AVX-512: 12 accumulators, 2 loads, 1 broadcast). */
    static final int MR = 6, NR = 2 * L;
    /**
     * Cache blocking: an MC x KC block of A (96 KB) stays in L1/L2 while B slivers stream past it; a
     * KC x NC panel of B (6 MB) lives in L2/L3. Tuned on Zen 5 (48 KB L1d, 1 MB L2) at n = 512..2048.
     */
    private static final int KC = 512, MC = 48, NC = 3072;

    /** Below this many multiply-adds packing costs more than it saves. */
    private static final long PACKED_MIN_WORK = 8 * 8 * 8;
    /** Minimum multiply-adds per parallel chunk: with 2 chunks, parallelism starts at 64^3. */
    private static final long CHUNK_MIN_WORK = 1L << 17;

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private static final class Buffers {
        float[] a = new float[0], b = new float[0];
        final float[] tile = new float[MR * NR];
        double[] acc = new double[0], bt = new double[0];

        float[] a(int size) { return a.length >= size ? a : (a = new float[size]); }
        float[] b(int size) { return b.length >= size ? b : (b = new float[size]); }
        double[] acc(int size) { return acc.length >= size ? acc : (acc = new double[size]); }
        double[] bt(int size) { return bt.length >= size ? bt : (bt = new double[size]); }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Which kernel {@link #sgemm} uses, for benchmark reports. */
    public static String implementation() {
        if (NATIVE) return NativeBlas.status();
        return VECTOR ? "java-vector-" + S.vectorBitSize() : "java-scalar";
    }

    /**
     * The OpenBLAS kernel set (its {@code OPENBLAS_CORETYPE} name) that the bundled library chose for
     * this CPU, or null when it is not loaded. Older OpenBLAS builds may not recognise a newer CPU and
     * fall back to generic kernels; a peer process can be given this name instead.
     */
    public static String nativeCoreName() {
        return NativeBlas.coreName();
    }

    // ---------------------------------------------------------------- float

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
        } else if ((NATIVE || VECTOR) && (long) m * n * k >= PACKED_MIN_WORK) {
            sgemmSplit(NATIVE, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            sgemmScalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** Reference path: one float dot product per element; parallel over rows. */
    static void sgemmScalar(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        int sa = transA ? lda : 1, ia = transA ? 1 : lda; // A(i,p) = a[aOff + i*ia + p*sa]
        int sb = transB ? 1 : ldb, jb = transB ? ldb : 1; // B(p,j) = b[bOff + p*sb + j*jb]
        Parallel.forRange(m, rowGrain(n, k), (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) s += a[aOff + i * ia + p * sa] * b[bOff + p * sb + j * jb];
                    int ci = cOff + i * ldc + j;
                    c[ci] = combine(s, alpha, beta, c[ci]);
                }
            }
        });
    }

    /**
     * Splits C over the pool into blocks of whole register tiles (so chunking never changes the
     * arithmetic of the Java kernel) along the larger of m and n, and computes each block with the
     * native BLAS or the packed Java kernel.
     */
    static void sgemmSplit(boolean nativeBlas, boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float beta, float[] c, int cOff, int ldc) {
        boolean splitN = n >= m;
        int units = splitN ? ceilDiv(n, NR) : ceilDiv(m, MR);
        long work = (long) m * n * k;
        // At most about one block per thread, not the pool's finer chunks: each call of the native
        // BLAS packs its operands again (1000x784 by 784x256 in eight blocks: best 2.2 ms against
        // 1.4-2.1 in two, BENCHMARKS.md round 19).
        int grain = (int) Math.max(Math.max(1, units / Parallel.threads()), Math.ceil(units * (double) CHUNK_MIN_WORK / work));
        if (Parallel.runsOnCaller(units, grain)) {
            // One piece on this thread (a small product, or one inside a parallel region, such as a
            // convolution's per image): no region to open, and no body object to allocate per call.
            sgemmUnits(nativeBlas, splitN, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, 0, units);
            return;
        }
        Parallel.forRange(units, grain, (from, to) ->
                sgemmUnits(nativeBlas, splitN, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, from, to));
    }

    /** The rows (or columns, with splitN) of C in register tiles [from, to) of {@link #sgemmSplit}. */
    private static void sgemmUnits(boolean nativeBlas, boolean splitN, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc, int from, int to) {
        int i0 = splitN ? 0 : from * MR, i1 = splitN ? m : Math.min(to * MR, m);
        int j0 = splitN ? from * NR : 0, j1 = splitN ? Math.min(to * NR, n) : n;
        if (nativeBlas) {
            NativeBlas.sgemm(transA, transB, i1 - i0, j1 - j0, k, alpha, a, aOff + (transA ? i0 : i0 * lda), lda,
                    b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + i0 * ldc + j0, ldc);
        } else {
            blocked(transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, i0, i1, j0, j1);
        }
    }

    /**
     * C[i0:i1, j0:j1] on the current thread: the three GotoBLAS cache-blocking loops. When B is not
     * transposed and A is a single MC block, B is used by few row strips, so the kernel reads its
     * full NR-wide slivers in place instead of paying a packing pass as large as the product itself
     * (convolutions with few channels); only the ragged last columns are packed.
     */
    private static void blocked(boolean transA, boolean transB, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1) {
        Buffers buf = BUFFERS.get();
        boolean inPlace = !transB && i1 - i0 <= MC;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc), direct = inPlace ? nc / NR * NR : 0;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bp = buf.b(ceilDiv(nc - direct, NR) * NR * kc);
                if (nc > direct) packB(transB, b, bOff, ldb, pc, kc, jc + direct, nc - direct, bp);
                float betaEff = pc == 0 ? beta : 1f; // later k blocks accumulate onto the first
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    float[] ap = buf.a(ceilDiv(mc, MR) * MR * kc);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        boolean fromB = jr < direct;
                        float[] src = fromB ? b : bp;
                        int bi = fromB ? bOff + pc * ldb + jc + jr : (jr - direct) * kc, bStep = fromB ? ldb : NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            kernel(kc, ap, ir * kc, src, bi, bStep, alpha, betaEff, c, cOff + (ic + ir) * ldc + jc + jr,
                                    ldc, Math.min(MR, mc - ir), Math.min(NR, nc - jr), buf.tile);
                        }
                    }
                }
            }
        }
    }

    /** op(B)[pc:pc+kc, jc:jc+nc] into slivers: bp[(s*kc + p)*NR + jj] = op(B)(pc+p, jc+s*NR+jj), zero-padded. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] bp) {
        for (int s = 0; s * NR < nc; s++) {
            int cols = Math.min(NR, nc - s * NR), base = s * kc * NR, j = jc + s * NR;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, bOff + (pc + p) * ldb + j, bp, dst, cols);
                    if (cols < NR) Arrays.fill(bp, dst + cols, dst + NR, 0f);
                }
            } else {
                for (int jj = 0; jj < cols; jj++) {
                    int src = bOff + (j + jj) * ldb + pc;
                    for (int p = 0; p < kc; p++) bp[base + p * NR + jj] = b[src + p];
                }
                if (cols < NR) for (int p = 0; p < kc; p++) Arrays.fill(bp, base + p * NR + cols, base + (p + 1) * NR, 0f);
            }
        }
    }

    /** op(A)[ic:ic+mc, pc:pc+kc] into slivers: ap[(r*kc + p)*MR + ii] = op(A)(ic+r*MR+ii, pc+p), zero-padded. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        for (int r = 0; r * MR < mc; r++) {
            int rows = Math.min(MR, mc - r * MR), base = r * kc * MR, i = ic + r * MR;
            if (!transA) {
                for (int ii = 0; ii < rows; ii++) {
                    int src = aOff + (i + ii) * lda + pc;
                    for (int p = 0; p < kc; p++) ap[base + p * MR + ii] = a[src + p];
                }
                if (rows < MR) for (int p = 0; p < kc; p++) Arrays.fill(ap, base + p * MR + rows, base + (p + 1) * MR, 0f);
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + i, dst = base + p * MR;
                    for (int ii = 0; ii < rows; ii++) ap[dst + ii] = a[src + ii];
                    if (rows < MR) Arrays.fill(ap, dst + rows, dst + MR, 0f);
                }
            }
        }
    }

    /**
     * The MR x NR micro-kernel over one kc block; B's rows of NR values are bStep apart. mr x nr is
     * the part of the tile inside C.
     */
    private static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, int bStep, float alpha, float beta,
                               float[] c, int ci, int ldc, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++, ai += MR, bi += bStep) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (mr == MR && nr == NR) {
            FloatVector av = FloatVector.broadcast(S, alpha);
            store(c00, av, beta, c, ci);
            store(c01, av, beta, c, ci + L);
            store(c10, av, beta, c, ci + ldc);
            store(c11, av, beta, c, ci + ldc + L);
            store(c20, av, beta, c, ci + 2 * ldc);
            store(c21, av, beta, c, ci + 2 * ldc + L);
            store(c30, av, beta, c, ci + 3 * ldc);
            store(c31, av, beta, c, ci + 3 * ldc + L);
            store(c40, av, beta, c, ci + 4 * ldc);
            store(c41, av, beta, c, ci + 4 * ldc + L);
            store(c50, av, beta, c, ci + 5 * ldc);
            store(c51, av, beta, c, ci + 5 * ldc + L);
        } else { // edge tile: spill and finish in scalar with the same per-element arithmetic
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + L);
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + L);
            for (int i = 0; i < mr; i++) {
                for (int j = 0; j < nr; j++) {
                    int idx = ci + i * ldc + j;
                    c[idx] = combine(tile[i * NR + j], alpha, beta, c[idx]);
                }
            }
        }
    }

    private static void store(FloatVector acc, FloatVector alpha, float beta, float[] c, int ci) {
        FloatVector r;
        if (beta == 0f) r = acc.mul(alpha);
        else if (beta == 1f) r = acc.fma(alpha, FloatVector.fromArray(S, c, ci));
        else r = acc.fma(alpha, FloatVector.fromArray(S, c, ci).mul(beta));
        r.intoArray(c, ci);
    }

    /** alpha*acc + beta*c, matching {@link #store} lane for lane. */
    private static float combine(float acc, float alpha, float beta, float c) {
        if (beta == 0f) return acc * alpha;
        if (beta == 1f) return Math.fma(acc, alpha, c);
        return Math.fma(acc, alpha, c * beta);
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) Arrays.fill(c, row, row + n, 0f);
            else if (beta != 1f) for (int j = 0; j < n; j++) c[row + j] *= beta;
        }
    }

    // ---------------------------------------------------------------- double

    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || alpha == 0.0) {
            scale(m, n, beta, c, cOff, ldc);
        } else if (VECTOR && (long) m * n * k >= PACKED_MIN_WORK) {
            dgemmVector(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            dgemmScalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    static void dgemmScalar(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        int sa = transA ? lda : 1, ia = transA ? 1 : lda;
        int sb = transB ? 1 : ldb, jb = transB ? ldb : 1;
        Parallel.forRange(m, rowGrain(n, k), (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int p = 0; p < k; p++) s += a[aOff + i * ia + p * sa] * b[bOff + p * sb + j * jb];
                    int ci = cOff + i * ldc + j;
                    c[ci] = combine(s, alpha, beta, c[ci]);
                }
            }
        });
    }

    /**
     * Row-at-a-time: acc[0:n] += A(i,p) * B(p,:) with vector fma, then combined into C. op(B) is first
     * copied row-major when transposed so every axpy is contiguous.
     */
    static void dgemmVector(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        double[] rb;
        int rbOff, rld;
        if (transB) {
            rb = BUFFERS.get().bt(k * n);
            for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) rb[p * n + j] = b[bOff + j * ldb + p];
            rbOff = 0;
            rld = n;
        } else {
            rb = b;
            rbOff = bOff;
            rld = ldb;
        }
        int sa = transA ? lda : 1, ia = transA ? 1 : lda;
        int bound = D.loopBound(n);
        Parallel.forRange(m, rowGrain(n, k), (from, to) -> {
            double[] acc = BUFFERS.get().acc(n);
            for (int i = from; i < to; i++) {
                Arrays.fill(acc, 0, n, 0.0);
                for (int p = 0; p < k; p++) {
                    double aip = a[aOff + i * ia + p * sa];
                    DoubleVector av = DoubleVector.broadcast(D, aip);
                    int row = rbOff + p * rld, j = 0;
                    for (; j < bound; j += D.length()) {
                        av.fma(DoubleVector.fromArray(D, rb, row + j), DoubleVector.fromArray(D, acc, j)).intoArray(acc, j);
                    }
                    for (; j < n; j++) acc[j] = Math.fma(aip, rb[row + j], acc[j]);
                }
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) c[ci + j] = combine(acc[j], alpha, beta, c[ci + j]);
            }
        });
    }

    private static double combine(double acc, double alpha, double beta, double c) {
        if (beta == 0.0) return acc * alpha;
        if (beta == 1.0) return Math.fma(acc, alpha, c);
        return Math.fma(acc, alpha, c * beta);
    }

    private static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0.0) Arrays.fill(c, row, row + n, 0.0);
            else if (beta != 1.0) for (int j = 0; j < n; j++) c[row + j] *= beta;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Rows per chunk so each chunk does at least CHUNK_MIN_WORK multiply-adds. */
    private static int rowGrain(int n, int k) {
        return (int) Math.max(1, CHUNK_MIN_WORK / Math.max(1L, (long) n * k));
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
