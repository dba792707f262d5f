package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities at class indices, like {@code nn.NLLLoss}.
 *
 * <pre>{@code
 * Tensor loss = new NLLLoss().call(logits.logSoftmax(1), labels);
 * }</pre>
 */
public class NLLLoss extends Loss {
    public final Buffer weight;   // (C) or null
    public final long ignoreIndex;

    public NLLLoss() {
        this(null, -100, Reduction.MEAN);
    }

    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : new Buffer(weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target, weight == null ? null : weight.data(), ignoreIndex, reduction);
    }
}
