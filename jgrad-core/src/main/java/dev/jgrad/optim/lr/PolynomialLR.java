package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

/**
 * Polynomial decay to zero over {@code totalIters} epochs: lr = base·(1 − min(t, T)/T)^power;
 * {@code power = 1} is linear decay.
 *
 * <pre>{@code
 * var sched = new PolynomialLR(opt, 100, 1.0);   // linear decay to 0 over 100 epochs
 * }</pre>
 */
public final class PolynomialLR extends LRScheduler {
    private final int totalIters;
    private final double power;

    public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
        super(optimizer);
        if (totalIters <= 0) throw new IllegalArgumentException("PolynomialLR: totalIters must be positive, got " + totalIters);
        this.totalIters = totalIters;
        this.power = power;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0 || lastEpoch > totalIters) return currentLrs();
        double decay = Math.pow((1.0 - (double) lastEpoch / totalIters) / (1.0 - (double) (lastEpoch - 1) / totalIters), power);
        return scaled(decay);
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = baseLrs.clone();
        for (int i = 0; i < out.length; i++) out[i] *= Math.pow(1.0 - (double) Math.min(totalIters, lastEpoch) / totalIters, power);
        return out;
    }
}
