package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * Gaussian negative log-likelihood with a predicted mean and variance, like
 * {@code nn.GaussianNLLLoss} (full false, eps 1e-6). Takes three inputs: use
 * {@link #forward(Tensor, Tensor, Tensor)}.
 *
 * <pre>{@code
 * Tensor loss = new GaussianNLLLoss().forward(mean, target, variance);
 * }</pre>
 */
public class GaussianNLLLoss extends Loss {
    public final boolean full;
    public final double eps;

    public GaussianNLLLoss() {
        this(false, 1e-6, Reduction.MEAN);
    }

    public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
        super(reduction);
        this.full = full;
        this.eps = eps;
    }

    public Tensor forward(Tensor input, Tensor target, Tensor var) {
        return Losses.gaussianNllLoss(input, target, var, full, eps, reduction);
    }

    /** The variance is required. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException("GaussianNLLLoss needs the variance: use forward(input, target, var)");
    }
}
