package dev.jgrad.nn;

/**
 * Batch normalisation over (N, C, H, W), statistics per channel across N, H, W, like {@code nn.BatchNorm2d}
 * (eps 1e-5, momentum 0.1, affine, tracking running statistics by default).
 *
 * <pre>{@code
 * new BatchNorm2d(16).call(x);   // x: [8, 16, 28, 28]
 * }</pre>
 */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    protected String layout() {
        return "(N, " + numFeatures + ", H, W)";
    }
}
