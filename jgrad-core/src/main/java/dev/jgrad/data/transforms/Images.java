package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/** An image tensor [..., H, W] as planes of doubles: every leading dim counts as a channel. */
record Images(double[] data, int planes, int height, int width, int[] shape) {

    static Images of(String op, Tensor image) {
        if (image.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an image [..., H, W], got " + Shape.str(image.shape()));
        }
        int[] shape = image.shape();
        int h = shape[shape.length - 2], w = shape[shape.length - 1];
        int planes = h * w == 0 ? 0 : image.numel() / (h * w);
        return new Images(image.contiguous().toDoubleArray(), planes, h, w, shape);
    }

    /** A tensor of the given height and width with this image's leading dims and {@code like}'s dtype. */
    static Tensor tensor(double[] data, int[] leadingShape, int height, int width, Tensor like) {
        int[] shape = leadingShape.clone();
        shape[shape.length - 2] = height;
        shape[shape.length - 1] = width;
        return Tensors.fromArray(data, shape).to(like.dtype());
    }
}
