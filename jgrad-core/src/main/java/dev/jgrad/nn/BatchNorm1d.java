package dev.jgrad.nn;

/**
 * Batch normalisation over (N, C) or (N, C, L), like {@code nn.BatchNorm1d}
 * (eps 1e-5, momentum 0.1, affine, tracking running statistics by default).
 *
 * <pre>{@code
 * new BatchNorm1d(128).call(h);   // h: [64, 128]
 * }</pre>
 */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }

    @Override
    protected String layout() {
        return "(N, " + numFeatures + ") or (N, " + numFeatures + ", L)";
    }
}
