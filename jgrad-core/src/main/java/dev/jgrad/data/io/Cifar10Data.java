package dev.jgrad.data.io;

/**
 * CIFAR-10 images: {@code images} holds {@code count * 3072} unsigned bytes, each image channel-major
 * (1024 red, then 1024 green, then 1024 blue bytes, each plane 32x32 row-major); labels are 0..9.
 */
public record Cifar10Data(byte[] images, int[] labels, int count) {
    public static final int CHANNELS = 3;
    public static final int ROWS = 32;
    public static final int COLS = 32;
    public static final int IMAGE_BYTES = CHANNELS * ROWS * COLS;

    public Cifar10Data {
        if (labels.length != count || (long) count * IMAGE_BYTES != images.length) {
            throw new IllegalArgumentException("count " + count + " does not match " + labels.length
                    + " labels and " + images.length + " image bytes");
        }
    }
}
