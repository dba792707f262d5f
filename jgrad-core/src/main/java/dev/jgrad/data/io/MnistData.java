package dev.jgrad.data.io;

/**
 * MNIST-style labelled images: {@code images} holds {@code count() * rows * cols} unsigned bytes
 * (0..255, row-major, image after image), {@code labels[i]} is the class of image {@code i}.
 */
public record MnistData(byte[] images, int[] labels, int rows, int cols) {
    public MnistData {
        if (rows <= 0 || cols <= 0) throw new IllegalArgumentException("rows and cols must be positive");
        if ((long) labels.length * rows * cols != images.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * rows * cols
                    + " image bytes of " + rows + "x" + cols + ", got " + images.length);
        }
    }

    public int count() {
        return labels.length;
    }

    public int imageSize() {
        return rows * cols;
    }

    /** Pixel (row r, column c) of image i, 0..255. */
    public int pixel(int i, int r, int c) {
        return images[i * imageSize() + r * cols + c] & 0xFF;
    }
}
