package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * 0.5 d² below delta (default 1), delta (d − 0.5 delta) above, like {@code nn.HuberLoss}.
 *
 * <pre>{@code
 * Tensor loss = new HuberLoss(Reduction.MEAN, 2.0).call(prediction, target);
 * }</pre>
 */
public class HuberLoss extends Loss {
    public final double delta;

    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.huberLoss(input, target, delta, reduction);
    }
}
