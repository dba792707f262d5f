package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

/**
 * Multiplies the lr by {@code gamma} every epoch: lr = base·γ^epoch.
 *
 * <pre>{@code
 * var sched = new ExponentialLR(opt, 0.98);
 * }</pre>
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        return lastEpoch == 0 ? currentLrs() : scaled(gamma);
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = baseLrs.clone();
        for (int i = 0; i < out.length; i++) out[i] *= Math.pow(gamma, lastEpoch);
        return out;
    }
}
