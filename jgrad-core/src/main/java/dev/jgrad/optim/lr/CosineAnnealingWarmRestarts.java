package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

import java.util.Map;

/**
 * SGDR: cosine annealing with warm restarts. Within a cycle of length Tᵢ,
 * lr = η_min + (base − η_min)·(1 + cos(π·T_cur/Tᵢ))/2; when T_cur reaches Tᵢ the lr jumps back
 * to base and the next cycle is T_mult times longer (T₀, T₀·T_mult, ...).
 *
 * <pre>{@code
 * var sched = new CosineAnnealingWarmRestarts(opt, 10, 2, 1e-4);   // restarts at 10, 30, 70, ...
 * }</pre>
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    private final int t0;
    private final int tMult;
    private final double etaMin;
    private int tI;
    private double tCur;

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        if (t0 <= 0) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: Expected positive integer T_0, but got " + t0);
        if (tMult < 1) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: Expected integer T_mult >= 1, but got " + tMult);
        this.t0 = t0;
        this.tI = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tCur = -1;
        initialStep();
    }

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) {
        this(optimizer, t0, 1, 0.0);
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[baseLrs.length];
        for (int i = 0; i < out.length; i++) out[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
        return out;
    }

    @Override
    public void step() {
        if (lastEpoch < 0) {
            step(0);
            return;
        }
        stepCount++;
        lastEpoch++;
        tCur = tCur + 1;
        if (tCur >= tI) {
            tCur = tCur - tI;
            tI = tI * tMult;
        }
        apply(computeLr());
    }

    @Override
    public void step(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: Expected non-negative epoch, but got " + epoch);
        stepCount++;
        if (epoch >= t0) {
            if (tMult == 1) {
                tCur = epoch % t0;
            } else {
                int n = (int) (Math.log(epoch / (double) t0 * (tMult - 1) + 1) / Math.log(tMult));
                tCur = epoch - t0 * (Math.pow(tMult, n) - 1) / (tMult - 1);
                tI = t0 * (int) Math.pow(tMult, n);
            }
        } else {
            tI = t0;
            tCur = epoch;
        }
        lastEpoch = epoch;
        apply(computeLr());
    }

    @Override
    protected void saveExtra(Map<String, Object> s) {
        s.put("T_i", tI);
        s.put("T_cur", tCur);
    }

    @Override
    protected void loadExtra(Map<String, Object> s) {
        tI = ((Number) s.get("T_i")).intValue();
        tCur = ((Number) s.get("T_cur")).doubleValue();
    }
}
