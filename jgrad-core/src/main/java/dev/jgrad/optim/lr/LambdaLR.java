package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

import java.util.function.IntToDoubleFunction;

/**
 * lr = base·λ(epoch), with one λ for all groups or one per group.
 *
 * <pre>{@code
 * var sched = new LambdaLR(opt, epoch -> Math.pow(0.95, epoch));
 * }</pre>
 */
public final class LambdaLR extends LRScheduler {
    private final IntToDoubleFunction[] lambdas;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lambda) {
        this(optimizer, Lambdas.repeat(lambda, optimizer));
    }

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction[] perGroup) {
        super(optimizer);
        this.lambdas = Lambdas.check("LambdaLR", perGroup, optimizer);
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] out = new double[baseLrs.length];
        for (int i = 0; i < out.length; i++) out[i] = baseLrs[i] * lambdas[i].applyAsDouble(lastEpoch);
        return out;
    }
}
