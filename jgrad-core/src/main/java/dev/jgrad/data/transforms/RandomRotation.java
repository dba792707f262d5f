package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * Rotates an image [..., H, W] about its centre by an angle uniform in [−degrees, degrees]
 * (torchvision's {@code RandomRotation}); uncovered pixels become 0.
 *
 * <pre>{@code
 * new RandomRotation(15).apply(digit, gen);
 * }</pre>
 */
public record RandomRotation(double degrees, Interpolation interpolation) implements Transform {
    public RandomRotation {
        if (!(degrees >= 0)) throw new IllegalArgumentException("RandomRotation: degrees must be >= 0, got " + degrees);
    }

    public RandomRotation(double degrees) {
        this(degrees, Interpolation.NEAREST);
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        double angle = -degrees + 2 * degrees * gen.nextDouble();
        return RandomAffine.transform(input, angle, 0, 0, interpolation);
    }
}
