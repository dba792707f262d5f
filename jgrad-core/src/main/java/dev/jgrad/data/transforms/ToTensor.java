package dev.jgrad.data.transforms;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Unsigned 8-bit pixels to a float32 image [C, H, W] scaled to [0, 1] (torchvision's
 * {@code ToTensor}). As a transform it takes an [H, W, C] (or [H, W]) tensor of values 0..255.
 *
 * <pre>{@code
 * Tensor img = ToTensor.fromHwc(rgbBytes, 32, 32, 3);   // [3, 32, 32]
 * }</pre>
 */
public record ToTensor() implements Transform {

    /** Interleaved bytes (pixel after pixel, channels inside) to [C, H, W]. */
    public static Tensor fromHwc(byte[] pixels, int height, int width, int channels) {
        check("fromHwc", pixels.length, height, width, channels);
        float[] out = new float[pixels.length];
        int plane = height * width;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channels; c++) out[c * plane + p] = (pixels[p * channels + c] & 0xFF) / 255f;
        }
        return Tensors.fromArray(out, channels, height, width);
    }

    /** Planar bytes (channel after channel, e.g. CIFAR-10 records) to [C, H, W]. */
    public static Tensor fromChw(byte[] pixels, int channels, int height, int width) {
        check("fromChw", pixels.length, height, width, channels);
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) out[i] = (pixels[i] & 0xFF) / 255f;
        return Tensors.fromArray(out, channels, height, width);
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        if (input.dim() == 2) return input.unsqueeze(0).to(DType.FLOAT32).div(255.0);
        if (input.dim() != 3) {
            throw new IllegalArgumentException("ToTensor: expected an image [H, W, C] or [H, W], got " + Shape.str(input.shape()));
        }
        return input.permute(2, 0, 1).to(DType.FLOAT32).div(255.0).contiguous();
    }

    private static void check(String op, int length, int height, int width, int channels) {
        if ((long) height * width * channels != length) {
            throw new IllegalArgumentException("ToTensor." + op + ": " + length + " bytes cannot hold " + channels + "x" + height
                    + "x" + width + " pixels");
        }
    }
}
