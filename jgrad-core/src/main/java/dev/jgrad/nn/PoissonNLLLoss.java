package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * Poisson negative log-likelihood (input is log λ by default), like {@code nn.PoissonNLLLoss}.
 *
 * <pre>{@code
 * Tensor loss = new PoissonNLLLoss().call(logRates, counts);
 * }</pre>
 */
public class PoissonNLLLoss extends Loss {
    public final boolean logInput, full;
    public final double eps;

    public PoissonNLLLoss() {
        this(true, false, 1e-8, Reduction.MEAN);
    }

    public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
        super(reduction);
        this.logInput = logInput;
        this.full = full;
        this.eps = eps;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.poissonNllLoss(input, target, logInput, full, eps, reduction);
    }
}
