package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

/**
 * lr = factor·base for the first {@code totalIters} epochs, then base.
 *
 * <pre>{@code
 * var sched = new ConstantLR(opt, 0.5, 10);
 * }</pre>
 */
public final class ConstantLR extends LRScheduler {
    private final double factor;
    private final int totalIters;

    public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
        super(optimizer);
        if (factor > 1.0 || !(factor >= 0)) {
            throw new IllegalArgumentException("ConstantLR: Constant multiplicative factor expected to be between 0 and 1, got " + factor);
        }
        this.factor = factor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's defaults: factor 1/3 for 5 iterations. */
    public ConstantLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 5);
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0) return scaled(factor);
        if (lastEpoch != totalIters) return currentLrs();
        return scaled(1.0 / factor);
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = baseLrs.clone();
        for (int i = 0; i < out.length; i++) out[i] *= factor + (lastEpoch >= totalIters ? 1 - factor : 0);
        return out;
    }
}
