package dev.jgrad.data.vision;

/** The channels an image is decoded to. */
public enum ColorMode {
    /** One channel, luminance L = (299 R + 587 G + 114 B) / 1000 (PIL's "L" conversion). */
    GRAYSCALE(1),
    /** Three channels, red, green, blue; alpha is dropped. */
    RGB(3);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }
}
