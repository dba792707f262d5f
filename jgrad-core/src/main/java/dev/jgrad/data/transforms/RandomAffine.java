package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * A small random rotation and translation of an image [..., H, W] about its centre, pixels
 * outside the source filled with 0 (torchvision's {@code RandomAffine(degrees, translate)} without
 * scale or shear). The angle is uniform in [minDegrees, maxDegrees] (positive = counter-clockwise);
 * the shifts are uniform in ±translateX·W and ±translateY·H, rounded to whole pixels.
 *
 * <pre>{@code
 * new RandomAffine(10, 0.1, 0.1).apply(digit, gen);   // up to 10 degrees and 10% shifts
 * }</pre>
 */
public record RandomAffine(double minDegrees, double maxDegrees, double translateX, double translateY,
        Interpolation interpolation) implements Transform {
    public RandomAffine {
        if (!(minDegrees <= maxDegrees)) {
            throw new IllegalArgumentException("RandomAffine: degrees range [" + minDegrees + ", " + maxDegrees + "] is empty");
        }
        if (!(translateX >= 0 && translateX <= 1 && translateY >= 0 && translateY <= 1)) {
            throw new IllegalArgumentException("RandomAffine: translate values should be between 0 and 1, got (" + translateX + ", "
                    + translateY + ")");
        }
    }

    /** Rotation in [−degrees, degrees] and shifts up to the given fractions, nearest-pixel sampling like torchvision. */
    public RandomAffine(double degrees, double translateX, double translateY) {
        this(-Math.abs(degrees), Math.abs(degrees), translateX, translateY, Interpolation.NEAREST);
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        double angle = minDegrees + (maxDegrees - minDegrees) * gen.nextDouble();
        double maxDx = translateX * input.size(-1), maxDy = translateY * input.size(-2);
        double dx = Math.round((2 * gen.nextDouble() - 1) * maxDx);
        double dy = Math.round((2 * gen.nextDouble() - 1) * maxDy);
        return transform(input, angle, dx, dy, interpolation);
    }

    /**
     * Rotates by {@code degrees} counter-clockwise about the centre ((W−1)/2, (H−1)/2), then shifts
     * by (dx, dy) pixels (right, down). Each output pixel samples the source at the inverse-mapped
     * position.
     */
    public static Tensor transform(Tensor input, double degrees, double dx, double dy, Interpolation interpolation) {
        Images img = Images.of("RandomAffine", input);
        int h = img.height(), w = img.width();
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        double rad = Math.toRadians(degrees), cos = Math.cos(rad), sin = Math.sin(rad);
        double[] src = img.data();
        double[] out = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x - cx - dx, v = y - cy - dy;
                // Inverse rotation in image coordinates (y grows downwards).
                double sx = cx + u * cos - v * sin;
                double sy = cy + u * sin + v * cos;
                for (int p = 0; p < img.planes(); p++) {
                    int plane = p * h * w;
                    out[plane + y * w + x] = interpolation == Interpolation.NEAREST
                            ? nearest(src, plane, h, w, sx, sy)
                            : bilinear(src, plane, h, w, sx, sy);
                }
            }
        }
        return Images.tensor(out, img.shape(), h, w, input);
    }

    private static double nearest(double[] src, int plane, int h, int w, double sx, double sy) {
        long x = Math.round(sx), y = Math.round(sy);
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : src[plane + (int) y * w + (int) x];
    }

    private static double bilinear(double[] src, int plane, int h, int w, double sx, double sy) {
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        double fx = sx - x0, fy = sy - y0;
        return (1 - fy) * ((1 - fx) * pixel(src, plane, h, w, x0, y0) + fx * pixel(src, plane, h, w, x0 + 1, y0))
                + fy * ((1 - fx) * pixel(src, plane, h, w, x0, y0 + 1) + fx * pixel(src, plane, h, w, x0 + 1, y0 + 1));
    }

    private static double pixel(double[] src, int plane, int h, int w, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : src[plane + y * w + x];
    }
}
