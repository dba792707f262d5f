package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

/**
 * Inverse square-root decay (the Transformer schedule's tail; not in PyTorch):
 * <pre>
 * lr = base·√warmup / √max(step, warmup)
 * </pre>
 * i.e. constant for the first {@code warmupSteps} steps, then ∝ 1/√step. Combine it with a
 * linear warm-up via {@link Warmup#linear}. Equal to PyTorch's
 * {@code LambdaLR(opt, lambda s: math.sqrt(w) / math.sqrt(max(s, w)))}.
 *
 * <pre>{@code
 * var sched = new InverseSqrtLR(opt, 4000);
 * }</pre>
 */
public final class InverseSqrtLR extends LRScheduler {
    private final int warmupSteps;

    public InverseSqrtLR(Optimizer optimizer, int warmupSteps) {
        super(optimizer);
        if (warmupSteps <= 0) throw new IllegalArgumentException("InverseSqrtLR: warmupSteps must be positive, got " + warmupSteps);
        this.warmupSteps = warmupSteps;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double f = Math.sqrt(warmupSteps) / Math.sqrt(Math.max(lastEpoch, warmupSteps));
        double[] out = baseLrs.clone();
        for (int i = 0; i < out.length; i++) out[i] *= f;
        return out;
    }
}
