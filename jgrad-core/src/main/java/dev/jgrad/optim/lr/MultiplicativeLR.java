package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

import java.util.function.IntToDoubleFunction;

/**
 * Multiplies the current lr by λ(epoch) every epoch after the first.
 *
 * <pre>{@code
 * var sched = new MultiplicativeLR(opt, epoch -> 0.97);
 * }</pre>
 */
public final class MultiplicativeLR extends LRScheduler {
    private final IntToDoubleFunction[] lambdas;

    public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction lambda) {
        this(optimizer, Lambdas.repeat(lambda, optimizer));
    }

    public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction[] perGroup) {
        super(optimizer);
        this.lambdas = Lambdas.check("MultiplicativeLR", perGroup, optimizer);
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        if (lastEpoch > 0) for (int i = 0; i < lrs.length; i++) lrs[i] *= lambdas[i].applyAsDouble(lastEpoch);
        return lrs;
    }
}
