package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

/**
 * Multiplies the lr by {@code gamma} every {@code stepSize} epochs: lr = base·γ^⌊epoch/stepSize⌋.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);   // ×0.1 at epochs 30, 60, 90, ...
 * }</pre>
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) throw new IllegalArgumentException("StepLR: stepSize must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        return lastEpoch == 0 || lastEpoch % stepSize != 0 ? currentLrs() : scaled(gamma);
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = baseLrs.clone();
        for (int i = 0; i < out.length; i++) out[i] *= Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize));
        return out;
    }
}
