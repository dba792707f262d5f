package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/**
 * Mirrors an image [..., H, W] left to right with probability {@code p} (torchvision's
 * {@code RandomHorizontalFlip}).
 *
 * <pre>{@code
 * new RandomHorizontalFlip(0.5).apply(image, gen);
 * }</pre>
 */
public record RandomHorizontalFlip(double p) implements Transform {
    public RandomHorizontalFlip {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        if (input.dim() < 2) {
            throw new IllegalArgumentException("RandomHorizontalFlip: expected an image [..., H, W], got " + Shape.str(input.shape()));
        }
        return gen.nextDouble() < p ? input.flip(-1).contiguous() : input;
    }
}
