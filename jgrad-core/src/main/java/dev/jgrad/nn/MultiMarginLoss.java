package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * Multi-class hinge (SVM) loss, like {@code nn.MultiMarginLoss} (p 1, margin 1, optional class weights).
 *
 * <pre>{@code
 * Tensor loss = new MultiMarginLoss().call(scores, labels);
 * }</pre>
 */
public class MultiMarginLoss extends Loss {
    public final int p;
    public final double margin;
    public final Buffer weight;   // (C) or null

    public MultiMarginLoss() {
        this(1, 1.0, null, Reduction.MEAN);
    }

    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        super(reduction);
        this.p = p;
        this.margin = margin;
        this.weight = weight == null ? null : new Buffer(weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.multiMarginLoss(input, target, p, margin, weight == null ? null : weight.data(), reduction);
    }
}
