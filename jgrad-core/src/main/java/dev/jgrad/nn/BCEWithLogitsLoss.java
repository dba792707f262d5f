package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * Sigmoid plus binary cross-entropy in one stable step, like {@code nn.BCEWithLogitsLoss} (optional weight and pos_weight).
 *
 * <pre>{@code
 * Tensor loss = new BCEWithLogitsLoss().call(logits, y);
 * }</pre>
 */
public class BCEWithLogitsLoss extends Loss {
    public final Buffer weight;      // or null
    @Name("pos_weight") public final Buffer posWeight;   // or null

    public BCEWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : new Buffer(weight);
        this.posWeight = posWeight == null ? null : new Buffer(posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight == null ? null : weight.data(), posWeight == null ? null : posWeight.data(), reduction);
    }
}
