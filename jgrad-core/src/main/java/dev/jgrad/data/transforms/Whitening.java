package dev.jgrad.data.transforms;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * PCA or ZCA whitening fitted on data [N, D] (CS231n's "data preprocessing"): with the covariance
 * {@code Σ = Xcᵀ Xc / N = U diag(λ) Uᵀ} of the centred data, PCA maps {@code x ↦ (x − μ) U diag(1/√(λ+ε))}
 * (decorrelated, unit variance, rotated into the eigenbasis) and ZCA additionally rotates back,
 * {@code x ↦ (x − μ) U diag(1/√(λ+ε)) Uᵀ}, which keeps the result closest to the input. ε keeps
 * the tiny eigenvalues of noisy directions from exploding.
 *
 * <pre>{@code
 * Whitening zca = Whitening.fit(train.inputs().flatten(1), Whitening.Kind.ZCA, 1e-5);
 * Tensor white = zca.transform(test.inputs().flatten(1));
 * }</pre>
 */
public final class Whitening implements Transform {
    public enum Kind { PCA, ZCA }

    private final Kind kind;
    private final Tensor mean;       // (D) float64
    private final Tensor projection; // (D, D) float64
    private final SymmetricEigen eigen;

    private Whitening(Kind kind, Tensor mean, Tensor projection, SymmetricEigen eigen) {
        this.kind = kind;
        this.mean = mean;
        this.projection = projection;
        this.eigen = eigen;
    }

    /** Fits on {@code data} [N, D] (N ≥ 1). */
    public static Whitening fit(Tensor data, Kind kind, double epsilon) {
        if (data.dim() != 2 || data.size(0) == 0) {
            throw new IllegalArgumentException("Whitening.fit: expected data [N, D] with N >= 1, got " + Shape.str(data.shape()));
        }
        if (!(epsilon >= 0)) throw new IllegalArgumentException("Whitening.fit: epsilon must be >= 0, got " + epsilon);
        Tensor x = data.detach().to(DType.FLOAT64);
        Tensor mean = x.mean(0, false);
        Tensor centred = x.sub(mean);
        double[] cov = centred.t().matmul(centred).div(x.size(0)).contiguous().toDoubleArray();
        int d = x.size(1);
        double[][] sigma = new double[d][d];
        for (int i = 0; i < d; i++) System.arraycopy(cov, i * d, sigma[i], 0, d);
        SymmetricEigen eigen = SymmetricEigen.of(sigma);
        double[] scaled = new double[d * d]; // U diag(1/sqrt(λ+ε))
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double lambda = Math.max(eigen.values()[k], 0);
                if (lambda + epsilon == 0) {
                    throw new IllegalArgumentException("Whitening.fit: eigenvalue " + k + " is 0 and epsilon is 0; use epsilon > 0");
                }
                scaled[i * d + k] = eigen.vectors()[i][k] / Math.sqrt(lambda + epsilon);
            }
        }
        Tensor projection = Tensors.fromArray(scaled, d, d);
        if (kind == Kind.ZCA) {
            double[] u = new double[d * d];
            for (int i = 0; i < d; i++) System.arraycopy(eigen.vectors()[i], 0, u, i * d, d);
            projection = projection.matmul(Tensors.fromArray(u, d, d).t());
        }
        return new Whitening(kind, mean, projection, eigen);
    }

    public Kind kind() {
        return kind;
    }

    /** The eigen-decomposition of the training covariance (eigenvalues descending). */
    public SymmetricEigen eigen() {
        return eigen;
    }

    /** Whitens rows [N, D] (or one vector [D]); the result has the input's dtype. */
    public Tensor transform(Tensor x) {
        int d = mean.size(0);
        if (x.size(-1) != d || x.dim() > 2) {
            throw new IllegalArgumentException("Whitening(" + kind + ", D=" + d + "): expected [N, " + d + "] or [" + d + "], got "
                    + Shape.str(x.shape()));
        }
        return x.detach().to(DType.FLOAT64).sub(mean).matmul(projection).to(x.dtype());
    }

    /** Whitens one sample of any shape with D elements, keeping its shape. */
    @Override
    public Tensor apply(Tensor input, Generator gen) {
        return transform(input.reshape(-1)).reshape(input.shape());
    }
}
