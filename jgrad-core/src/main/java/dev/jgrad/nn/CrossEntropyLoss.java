package dev.jgrad.nn;

import dev.jgrad.nn.functional.CrossEntropyOptions;
import dev.jgrad.nn.functional.Losses;
import dev.jgrad.tensor.Tensor;

/**
 * Cross-entropy from logits, like {@code nn.CrossEntropyLoss}: class-index or probability
 * targets, class weights, ignore_index, label smoothing, K-dimensional inputs.
 *
 * <pre>{@code
 * var criterion = new CrossEntropyLoss(CrossEntropyOptions.defaults().labelSmoothing(0.1));
 * Tensor loss = criterion.call(logits, labels);   // logits (N, C), labels int64 (N)
 * }</pre>
 */
public class CrossEntropyLoss extends Loss {
    public final Buffer weight;   // (C) or null
    private final CrossEntropyOptions options;

    public CrossEntropyLoss() {
        this(CrossEntropyOptions.defaults());
    }

    public CrossEntropyLoss(CrossEntropyOptions options) {
        super(options.reduction());
        this.options = options;
        this.weight = options.weight() == null ? null : new Buffer(options.weight());
    }

    public CrossEntropyOptions options() {
        return options;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, options.weight(weight == null ? null : weight.data()));
    }
}
