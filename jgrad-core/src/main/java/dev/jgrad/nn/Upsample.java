package dev.jgrad.nn;

import dev.jgrad.nn.functional.Resampling;
import dev.jgrad.tensor.Tensor;

/**
 * Resizes (N, C, H, W) to a size or by a scale factor with "nearest" or "bilinear"
 * interpolation, like {@code nn.Upsample}.
 *
 * <pre>{@code
 * Upsample.scale(2, "bilinear", false).call(x);   // [1, 8, 7, 7] -> [1, 8, 14, 14]
 * }</pre>
 */
public class Upsample extends Module {
    private final int[] size;
    private final double[] scaleFactor;
    public final String mode;
    public final boolean alignCorners;

    /** Exactly one of size and scaleFactor is non-null. */
    public Upsample(int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
        if ((size == null) == (scaleFactor == null)) throw new IllegalArgumentException("Upsample: exactly one of size and scale_factor must be given");
        if (!mode.equals("nearest") && !mode.equals("bilinear")) {
            throw new IllegalArgumentException("Upsample: mode must be \"nearest\" or \"bilinear\", got \"" + mode + "\"");
        }
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    public static Upsample scale(double factor, String mode, boolean alignCorners) {
        return new Upsample(null, new double[] {factor}, mode, alignCorners);
    }

    public static Upsample size(int height, int width, String mode, boolean alignCorners) {
        return new Upsample(new int[] {height, width}, null, mode, alignCorners);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Resampling.interpolate(x, size, scaleFactor, mode, mode.equals("bilinear") && alignCorners);
    }

    @Override
    public String extraRepr() {
        String what = scaleFactor != null
                ? "scale_factor=" + (scaleFactor.length == 1 ? LayerChecks.py(scaleFactor[0]) : "(" + LayerChecks.py(scaleFactor[0]) + ", " + LayerChecks.py(scaleFactor[1]) + ")")
                : "size=" + MaxPool2d.scalarOrTuple(size);
        return what + ", mode='" + mode + "'";
    }
}
