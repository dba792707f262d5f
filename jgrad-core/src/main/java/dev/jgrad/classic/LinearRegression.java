package dev.jgrad.classic;

import dev.jgrad.optim.LinearSolve;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Least-squares linear regression in closed form (the normal equations), with optional ridge
 * (L2) penalty, and the maximum-likelihood variance of its Gaussian noise.
 *
 * <p>With the inputs and targets centred, {@code w = (XᵀX + λI)⁻¹ Xᵀy}; the intercept is
 * {@code b = ȳ − x̄·w}, so it is not penalised (as scikit-learn's {@code Ridge}). Under the model
 * {@code y = x·w + b + ε, ε ~ N(0, σ²)} the maximum-likelihood σ² is the mean squared residual
 * {@code (1/n) Σ (y − x·w − b)²} (divided by n, not n − d − 1). Computed in double precision.
 *
 * <pre>{@code
 * var fit = LinearRegression.fit(x, y, 0.1);       // x (n, d), y (n)
 * Tensor predicted = fit.predict(xTest);            // (m)
 * double sigma = Math.sqrt(fit.noiseVariance());
 * }</pre>
 *
 * @param weight (d) float64
 */
public record LinearRegression(Tensor weight, double bias, double noiseVariance) {

    /** Ordinary least squares ({@code ridge} 0) or ridge regression ({@code ridge} λ &gt; 0). */
    public static LinearRegression fit(Tensor x, Tensor y, double ridge) {
        if (x.dim() != 2 || y.dim() != 1 || y.size(0) != x.size(0)) {
            throw new IllegalArgumentException("LinearRegression.fit: expected x (n, d) and y (n), got x " + x.describe() + " and y " + y.describe());
        }
        if (!(ridge >= 0)) throw new IllegalArgumentException("LinearRegression.fit: ridge must be >= 0, got " + ridge);
        int n = x.size(0), d = x.size(1);
        if (n == 0) throw new IllegalArgumentException("LinearRegression.fit: no samples");
        double[] xs = x.contiguous().toDoubleArray(), ys = y.contiguous().toDoubleArray();
        double[] xMean = new double[d];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += ys[i] / n;
            for (int j = 0; j < d; j++) xMean[j] += xs[i * d + j] / n;
        }
        double[][] gram = new double[d][d];
        double[] xty = new double[d];
        for (int i = 0; i < n; i++) {
            double yc = ys[i] - yMean;
            for (int j = 0; j < d; j++) {
                double xj = xs[i * d + j] - xMean[j];
                xty[j] += xj * yc;
                for (int k = 0; k <= j; k++) gram[j][k] += xj * (xs[i * d + k] - xMean[k]);
            }
        }
        for (int j = 0; j < d; j++) {
            gram[j][j] += ridge;
            for (int k = 0; k < j; k++) gram[k][j] = gram[j][k];
        }
        double[] w = LinearSolve.cholesky(gram, xty, 1e-12);
        if (w == null) {
            throw new IllegalArgumentException("LinearRegression.fit: XᵀX + " + ridge + "·I is singular (" + d + " features, " + n
                    + " samples: collinear or too few); use a ridge > 0");
        }
        double bias = yMean;
        for (int j = 0; j < d; j++) bias -= xMean[j] * w[j];
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = ys[i] - bias;
            for (int j = 0; j < d; j++) r -= xs[i * d + j] * w[j];
            sse += r * r;
        }
        return new LinearRegression(Tensors.fromArray(w, d), bias, sse / n);
    }

    /** x·w + b for x (m, d): (m) float64. */
    public Tensor predict(Tensor x) {
        if (x.dim() != 2 || x.size(1) != weight.size(0)) {
            throw new IllegalArgumentException("LinearRegression.predict: expected x (m, " + weight.size(0) + "), got " + x.describe());
        }
        return x.to(weight.dtype()).matmul(weight).add(bias);
    }
}
