package dev.jgrad.data;

import dev.jgrad.tensor.Tensor;

/** One supervised sample: an input (e.g. an image [C, H, W]) and its target (e.g. an int64 class scalar). */
public record Example(Tensor input, Tensor target) {
    public Example {
        if (input == null || target == null) throw new IllegalArgumentException("Example: input and target must not be null");
    }
}
