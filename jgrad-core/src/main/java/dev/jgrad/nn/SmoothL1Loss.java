package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * Quadratic below beta (default 1), linear above, like {@code nn.SmoothL1Loss}.
 *
 * <pre>{@code
 * Tensor loss = new SmoothL1Loss().call(prediction, target);
 * }</pre>
 */
public class SmoothL1Loss extends Loss {
    public final double beta;

    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    public SmoothL1Loss(Reduction reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.smoothL1Loss(input, target, beta, reduction);
    }
}
