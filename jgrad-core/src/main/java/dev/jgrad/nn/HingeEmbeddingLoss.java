package dev.jgrad.nn;

import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.Tensor;

/**
 * x where y = 1, max(0, margin − x) where y = −1 (margin 1), like {@code nn.HingeEmbeddingLoss}.
 *
 * <pre>{@code
 * Tensor loss = new HingeEmbeddingLoss().call(distances, labels);
 * }</pre>
 */
public class HingeEmbeddingLoss extends Loss {
    public final double margin;

    public HingeEmbeddingLoss() {
        this(1.0, Reduction.MEAN);
    }

    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.hingeEmbeddingLoss(input, target, margin, reduction);
    }
}
