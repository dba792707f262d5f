package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * A function on one sample's tensor (usually an image [C, H, W]). Random transforms draw only from
 * {@code gen}, so a {@link dev.jgrad.data.DataLoader} that passes a generator derived from
 * (seed, epoch, batch) gets the same augmentation with or without threads, and after a resume.
 *
 * <pre>{@code
 * Transform augment = new Compose(new RandomCrop(32, 4), new RandomHorizontalFlip(0.5));
 * Tensor out = augment.apply(image, new Generator(0));
 * }</pre>
 */
@FunctionalInterface
public interface Transform {
    Tensor apply(Tensor input, Generator gen);
}
