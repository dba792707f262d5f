package dev.jgrad.optim;

/**
 * Dense solves of A·x = b for {@link Newton} and the closed-form regressions of
 * {@code dev.jgrad.classic}: Cholesky when A is symmetric positive definite, else LU.
 */
public final class LinearSolve {
    private LinearSolve() {}

    static double[] solve(double[][] a, double[] b) {
        double[] x = cholesky(a, b);
        return x != null ? x : lu(a, b);
    }

    /** x by A = L·Lᵀ, or null when A is not positive definite. */
    public static double[] cholesky(double[][] a, double[] b) {
        return cholesky(a, b, 0);
    }

    /**
     * As {@link #cholesky(double[][], double[])}, but also null when a pivot is at most
     * {@code relativeTolerance} times its diagonal entry: A is singular up to rounding.
     */
    public static double[] cholesky(double[][] a, double[] b, double relativeTolerance) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                if (i == j) {
                    if (!(s > relativeTolerance * Math.abs(a[i][i])) || !(s > 0)) return null;
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * y[k];
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** x by LU with partial pivoting; fails on a singular matrix. */
    static double[] lu(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            if (a[piv][c] == 0) {
                throw new ArithmeticException("Newton: the (damped) Hessian is singular; use a positive damping");
            }
            double[] tr = a[c]; a[c] = a[piv]; a[piv] = tr;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= a[i][k] * x[k];
            x[i] = s / a[i][i];
        }
        return x;
    }
}
