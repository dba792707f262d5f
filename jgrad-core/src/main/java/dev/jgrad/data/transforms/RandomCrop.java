package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/**
 * Pads an image [..., H, W] with {@code padding} zeros on every side, then cuts a
 * {@code height x width} window at a random position (torchvision's {@code RandomCrop(size, padding)};
 * the top offset is drawn first, then the left one).
 *
 * <pre>{@code
 * new RandomCrop(32, 4).apply(cifarImage, gen);   // [3, 32, 32], shifted by up to 4 pixels
 * }</pre>
 */
public record RandomCrop(int height, int width, int padding) implements Transform {
    public RandomCrop {
        if (height <= 0 || width <= 0 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: expected positive size and padding >= 0, got " + height + "x" + width
                    + " padding " + padding);
        }
    }

    public RandomCrop(int size, int padding) {
        this(size, size, padding);
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        if (input.dim() < 2) throw new IllegalArgumentException("RandomCrop: expected an image [..., H, W], got " + Shape.str(input.shape()));
        int paddedH = input.size(-2) + 2 * padding, paddedW = input.size(-1) + 2 * padding;
        if (paddedH < height || paddedW < width) {
            throw new IllegalArgumentException("RandomCrop: required crop size " + height + "x" + width
                    + " is larger than the padded input " + paddedH + "x" + paddedW);
        }
        int top = (int) gen.nextLong(paddedH - height + 1);
        int left = (int) gen.nextLong(paddedW - width + 1);
        return padAndCrop(input, padding, top, left, height, width);
    }

    /** The {@code height x width} window at (top, left) of the image zero-padded by {@code padding}. */
    public static Tensor padAndCrop(Tensor input, int padding, int top, int left, int height, int width) {
        Images img = Images.of("RandomCrop", input);
        double[] out = new double[img.planes() * height * width];
        for (int p = 0; p < img.planes(); p++) {
            for (int y = 0; y < height; y++) {
                int sy = top + y - padding;
                if (sy < 0 || sy >= img.height()) continue;
                for (int x = 0; x < width; x++) {
                    int sx = left + x - padding;
                    if (sx < 0 || sx >= img.width()) continue;
                    out[(p * height + y) * width + x] = img.data()[(p * img.height() + sy) * img.width() + sx];
                }
            }
        }
        return Images.tensor(out, img.shape(), height, width, input);
    }
}
