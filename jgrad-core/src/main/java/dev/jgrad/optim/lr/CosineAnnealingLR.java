package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

/**
 * Cosine annealing from the base lr to {@code etaMin} over {@code tMax} epochs, with PyTorch's
 * recursive (chainable) update, so the numbers match PyTorch's exactly:
 * <pre>
 * lrₜ = η_min + (lrₜ₋₁ − η_min)·(1 + cos(πt/T))/(1 + cos(π(t−1)/T))
 * </pre>
 * (closed form η_min + (base − η_min)·(1 + cos(πt/T))/2). Past {@code tMax} the schedule keeps
 * following the cosine back up, so it oscillates with period 2·T; at t − 1 − T ≡ 0 (mod 2T)
 * the recursion's 0/0 is replaced by adding (base − η_min)·(1 − cos(π/T))/2, as PyTorch does.
 *
 * <pre>{@code
 * var sched = new CosineAnnealingLR(opt, 100, 0.0);
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be positive, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0);
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        if (lastEpoch == 0) return lrs;
        for (int i = 0; i < lrs.length; i++) {
            if (stepCount == 1 && lastEpoch > 0) {
                lrs[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2;
            } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                lrs[i] = lrs[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
            }
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] out = new double[baseLrs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
        }
        return out;
    }
}
