package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

/**
 * Scales the lr linearly from {@code startFactor}·base to {@code endFactor}·base over
 * {@code totalIters} epochs, then keeps it (the usual linear warm-up when endFactor is 1).
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 20);
 * }</pre>
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (startFactor > 1.0 || !(startFactor > 0)) {
            throw new IllegalArgumentException("LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1, got " + startFactor);
        }
        if (endFactor > 1.0 || !(endFactor >= 0)) {
            throw new IllegalArgumentException("LinearLR: Ending multiplicative factor expected to be between 0 and 1, got " + endFactor);
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's defaults: start 1/3, end 1, 5 iterations. */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0) return scaled(startFactor);
        if (lastEpoch > totalIters) return currentLrs();
        return scaled(1. + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = baseLrs.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters;
        }
        return out;
    }
}
