package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * KL divergence with log-probability input, like {@code nn.KLDivLoss} (reduction mean; prefer BATCHMEAN).
 *
 * <pre>{@code
 * Tensor loss = new KLDivLoss(Reduction.BATCHMEAN, false).call(logProbs, probs);
 * }</pre>
 */
public class KLDivLoss extends Loss {
    public final boolean logTarget;

    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.klDiv(input, target, reduction, logTarget);
    }
}
