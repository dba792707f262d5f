package dev.jgrad.nn.functional;

import dev.jgrad.backend.cpu.Gemm;
import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.Storage;

/**
 * The kernels of the fused linear layer on contiguous float32/float64 storage: the forward pass
 * as one GEMM onto the bias, and the bias gradient as column sums. No checks and no autograd here.
 */
final class LinearKernels {
    private LinearKernels() {}

    /** Elements per parallel chunk of the column sums. */
    private static final int GRAIN = 1 << 15;

    /**
     * out (m, n) = x (m, k) · wᵀ + bias for w (n, k) and bias (n) or null: every row of out starts
     * as the bias and the GEMM adds onto it (beta = 1), so the bias costs no pass of its own.
     */
    static Storage forward(Storage x, int xOff, Storage w, int wOff, Storage bias, int bOff, int m, int k, int n) {
        // With a bias every element is written before the GEMM reads it; without, beta = 0 ignores it.
        Storage out = Storage.allocateForOverwrite(x.dtype(), m * n);
        if (bias != null) repeatRows(bias, bOff, out, m, n);
        if (out instanceof Storage.F32 o) {
            Gemm.sgemm(false, true, m, n, k, 1f, ((Storage.F32) x).data, xOff, k, ((Storage.F32) w).data, wOff, k,
                    bias == null ? 0f : 1f, o.data, 0, n);
        } else {
            Gemm.dgemm(false, true, m, n, k, 1.0, ((Storage.F64) x).data, xOff, k, ((Storage.F64) w).data, wOff, k,
                    bias == null ? 0.0 : 1.0, ((Storage.F64) out).data, 0, n);
        }
        return out;
    }

    /**
     * Sets every row of out (m, n) to bias[bOff, bOff + n) in log2(m) doubling copies. A loop of m
     * row copies in {@link #forward} had C2 speculate on its trip count, and each new batch size
     * (the last batch, then inference) cost a recompilation of forward with the whole BLAS call
     * path inlined: three or four of 70-140 ms each in a run.
     */
    private static void repeatRows(Storage bias, int bOff, Storage out, int m, int n) {
        if (m == 0) return;
        Storage.copy(bias, bOff, out, 0, n);
        for (int rows = 1; rows < m; rows *= 2) Storage.copy(out, 0, out, rows * n, Math.min(rows, m - rows) * n);
    }

    /**
     * The sums of the columns of a contiguous (rows, cols) matrix: each column is added in double in
     * row order, exactly like {@code Tensor.sum(0)}, but reading the rows in place.
     */
    static Storage columnSums(Storage g, int gOff, int rows, int cols) {
        Storage out = Storage.allocate(g.dtype(), cols);
        Parallel.forRange(cols, Math.max(1, GRAIN / Math.max(1, rows)), (from, to) -> {
            double[] acc = new double[to - from];
            if (g instanceof Storage.F32 f) {
                for (int r = 0; r < rows; r++) addRow(f.data, gOff + r * cols + from, acc);
            } else {
                for (int r = 0; r < rows; r++) addRow(((Storage.F64) g).data, gOff + r * cols + from, acc);
            }
            for (int j = 0; j < acc.length; j++) out.setDouble(from + j, acc[j]);
        });
        return out;
    }

    private static void addRow(float[] row, int off, double[] acc) {
        for (int j = 0; j < acc.length; j++) acc[j] += row[off + j];
    }

    private static void addRow(double[] row, int off, double[] acc) {
        for (int j = 0; j < acc.length; j++) acc[j] += row[off + j];
    }
}
