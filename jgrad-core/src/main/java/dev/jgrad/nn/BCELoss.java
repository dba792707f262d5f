package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * Binary cross-entropy of probabilities (logs clamped at −100), like {@code nn.BCELoss}.
 *
 * <pre>{@code
 * Tensor loss = new BCELoss().call(model.call(x).sigmoid(), y);
 * }</pre>
 */
public class BCELoss extends Loss {
    public final Buffer weight;   // broadcast to the input, or null

    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : new Buffer(weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropy(input, target, weight == null ? null : weight.data(), reduction);
    }
}
