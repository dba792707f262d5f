package dev.jgrad.nn.functional;

import dev.jgrad.tensor.Tensor;

/**
 * The keyword arguments of PyTorch's {@code cross_entropy}: per-class {@code weight} (C) or null,
 * {@code ignoreIndex} (default -100; class-index targets only), {@code labelSmoothing} in [0, 1]
 * and the {@link Reduction}.
 *
 * <pre>{@code
 * var opts = CrossEntropyOptions.defaults().labelSmoothing(0.1).reduction(Reduction.SUM);
 * Tensor loss = Losses.crossEntropy(logits, labels, opts);
 * }</pre>
 */
public record CrossEntropyOptions(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
    public CrossEntropyOptions {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be between 0.0 and 1.0, got " + labelSmoothing);
        }
        if (reduction == null) throw new IllegalArgumentException("cross_entropy: reduction must not be null");
        if (weight != null && weight.dim() != 1) {
            throw new IllegalArgumentException("cross_entropy: weight must be a 1-d tensor of class weights, got " + dev.jgrad.tensor.Shape.str(weight.shape()));
        }
    }

    /** No weights, ignore index -100, no smoothing, mean. */
    public static CrossEntropyOptions defaults() {
        return new CrossEntropyOptions(null, -100, 0, Reduction.MEAN);
    }

    public CrossEntropyOptions weight(Tensor value) {
        return new CrossEntropyOptions(value, ignoreIndex, labelSmoothing, reduction);
    }

    public CrossEntropyOptions ignoreIndex(long value) {
        return new CrossEntropyOptions(weight, value, labelSmoothing, reduction);
    }

    public CrossEntropyOptions labelSmoothing(double value) {
        return new CrossEntropyOptions(weight, ignoreIndex, value, reduction);
    }

    public CrossEntropyOptions reduction(Reduction value) {
        return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, value);
    }
}
