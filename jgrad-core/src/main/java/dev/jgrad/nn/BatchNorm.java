package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.nn.functional.Normalization;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Shared implementation of {@link BatchNorm1d} and {@link BatchNorm2d}: per-channel
 * normalisation with learned γ ({@code weight}, init 1) and β ({@code bias}, init 0) and running
 * statistics (momentum 0.1: new = 0.9 · old + 0.1 · batch, unbiased running variance) used in
 * evaluation. State-dict keys are PyTorch's: weight, bias, running_mean, running_var,
 * num_batches_tracked.
 */
public abstract class BatchNorm extends Module {
    public final int numFeatures;
    public final double eps, momentum;
    public final boolean affine, trackRunningStats;
    public final Parameter weight;   // (C) or null
    public final Parameter bias;     // (C) or null
    @Name("running_mean") public final Buffer runningMean;              // (C) or null
    @Name("running_var") public final Buffer runningVar;                // (C) or null
    @Name("num_batches_tracked") public final Buffer numBatchesTracked; // int64 scalar or null

    protected BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        weight = affine ? new Parameter(Tensors.ones(numFeatures)) : null;
        bias = affine ? new Parameter(Tensors.zeros(numFeatures)) : null;
        runningMean = trackRunningStats ? new Buffer(Tensors.zeros(numFeatures)) : null;
        runningVar = trackRunningStats ? new Buffer(Tensors.ones(numFeatures)) : null;
        numBatchesTracked = trackRunningStats ? new Buffer(Tensors.zeros(new int[0], DType.INT64)) : null;
    }

    /** The input ranks this layer accepts, and how to describe them in errors. */
    protected abstract boolean acceptsRank(int rank);

    protected abstract String layout();

    @Override
    public Tensor forward(Tensor x) {
        return normalise(x, false);
    }

    /**
     * {@code relu(call(x))}, the usual conv → BN → ReLU step, with the ReLU fused into the
     * normalisation where a fast path exists (float32). A module with hooks is called normally so
     * its hooks see the batch norm's own output.
     */
    public Tensor callRelu(Tensor x) {
        return hasHooks() ? call(x).relu() : normalise(x, true);
    }

    private Tensor normalise(Tensor x, boolean relu) {
        if (!acceptsRank(x.dim()) || x.size(1) != numFeatures) {
            throw new IllegalArgumentException(typeName() + "(" + numFeatures + "): expected input " + layout() + ", got " + Shape.str(x.shape()));
        }
        if (isTraining() && trackRunningStats) {
            try (var s = Autograd.noGrad()) {
                numBatchesTracked.data().add_(1);
            }
        }
        boolean useBatchStats = isTraining() || !trackRunningStats;
        Tensor mean = trackRunningStats ? runningMean.data() : null;
        Tensor var = trackRunningStats ? runningVar.data() : null;
        Tensor gamma = affine ? weight.data() : null, beta = affine ? bias.data() : null;
        return relu ? Normalization.batchNormRelu(x, mean, var, gamma, beta, useBatchStats, momentum, eps)
                : Normalization.batchNorm(x, mean, var, gamma, beta, useBatchStats, momentum, eps);
    }

    /** Resets running statistics to mean 0, variance 1, and the batch count to 0. */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        try (var s = Autograd.noGrad()) {
            runningMean.data().zero_();
            runningVar.data().fill_(1);
            numBatchesTracked.data().zero_();
        }
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + LayerChecks.py(eps) + ", momentum=" + LayerChecks.py(momentum) + ", affine="
                + LayerChecks.bool(affine) + ", track_running_stats=" + LayerChecks.bool(trackRunningStats);
    }
}
