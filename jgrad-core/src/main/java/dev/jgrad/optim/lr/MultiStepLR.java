package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

import java.util.Arrays;

/**
 * Multiplies the lr by {@code gamma} at each milestone epoch (a milestone listed twice applies
 * γ twice).
 *
 * <pre>{@code
 * var sched = new MultiStepLR(opt, new int[] {30, 60, 90}, 0.1);
 * }</pre>
 */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        int count = 0;
        for (int m : milestones) if (m == lastEpoch) count++;
        return count == 0 ? currentLrs() : scaled(Math.pow(gamma, count));
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0;
        for (int m : milestones) if (m <= lastEpoch) passed++;
        double[] out = baseLrs.clone();
        for (int i = 0; i < out.length; i++) out[i] *= Math.pow(gamma, passed);
        return out;
    }
}
