package dev.jgrad.data.transforms;

/** How a geometric transform samples between pixels. */
public enum Interpolation {
    NEAREST,
    BILINEAR
}
