package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

import java.util.List;

/**
 * Linear warm-up in front of any schedule.
 *
 * <pre>{@code
 * var sched = Warmup.linear(opt, 500, new CosineAnnealingLR(opt, 9500));
 * }</pre>
 */
public final class Warmup {
    private Warmup() {}

    /**
     * A {@link SequentialLR}: {@code LinearLR(opt, 1/warmupSteps, 1, warmupSteps)} for the first
     * {@code warmupSteps} steps, then {@code then} (started at its epoch 0).
     */
    public static SequentialLR linear(Optimizer optimizer, int warmupSteps, LRScheduler then) {
        return linear(optimizer, warmupSteps, 1.0 / warmupSteps, then);
    }

    /** As {@link #linear(Optimizer, int, LRScheduler)} starting from {@code startFactor}·lr. */
    public static SequentialLR linear(Optimizer optimizer, int warmupSteps, double startFactor, LRScheduler then) {
        if (warmupSteps <= 0) throw new IllegalArgumentException("Warmup.linear: warmupSteps must be positive, got " + warmupSteps);
        LinearLR warm = new LinearLR(optimizer, startFactor, 1.0, warmupSteps);
        return new SequentialLR(optimizer, List.of(warm, then), new int[] {warmupSteps});
    }
}
