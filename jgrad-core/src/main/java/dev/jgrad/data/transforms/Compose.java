package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import java.util.List;

/**
 * Several transforms applied in order, sharing one generator (torchvision's {@code Compose}).
 *
 * <pre>{@code
 * new Compose(new RandomHorizontalFlip(0.5), new Normalize(new double[] {0.5}, new double[] {0.25}));
 * }</pre>
 */
public record Compose(List<Transform> transforms) implements Transform {
    public Compose {
        transforms = List.copyOf(transforms);
    }

    public Compose(Transform... transforms) {
        this(List.of(transforms));
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        Tensor x = input;
        for (Transform t : transforms) x = t.apply(x, gen);
        return x;
    }
}
