package dev.jgrad.nn.functional;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

/**
 * Differentiable up- and down-sampling of images: {@code interpolate} (nearest, bilinear) with
 * PyTorch's source-index formulas, and pixel shuffle. Built from index selection and weighted
 * sums, so gradients of any order work.
 *
 * <pre>{@code
 * Tensor y = Resampling.interpolate(x, null, new double[] {2, 2}, "bilinear", false);  // [N, C, 2H, 2W]
 * }</pre>
 */
public final class Resampling {
    private Resampling() {}

    /**
     * Resizes x (N, C, H, W) to {@code size} (OH, OW) or by {@code scaleFactor} (OH = floor(H *
     * scale)); exactly one of the two is given. Modes: {@code "nearest"} (source floor(dst * H/OH),
     * or floor(dst / scale) with a scale factor) and {@code "bilinear"} (with alignCorners the
     * corner pixels of input and output coincide; without, half-pixel centres, clamped at 0).
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
        String op = "interpolate";
        if (x.dim() != 4) throw new IllegalArgumentException(op + ": expected input (N, C, H, W), got " + Shape.str(x.shape()));
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException(op + ": exactly one of size and scale_factor must be given");
        }
        int h = x.size(2), w = x.size(3);
        int[] out = new int[2];
        double[] scales = null;
        if (size != null) {
            if (size.length != 1 && size.length != 2) throw new IllegalArgumentException(op + ": size must have 1 or 2 elements, got " + Arrays.toString(size));
            out = size.length == 1 ? new int[] {size[0], size[0]} : size.clone();
        } else {
            if (scaleFactor.length != 1 && scaleFactor.length != 2) {
                throw new IllegalArgumentException(op + ": scale_factor must have 1 or 2 elements, got " + Arrays.toString(scaleFactor));
            }
            scales = scaleFactor.length == 1 ? new double[] {scaleFactor[0], scaleFactor[0]} : scaleFactor.clone();
            if (!(scales[0] > 0) || !(scales[1] > 0)) throw new IllegalArgumentException(op + ": scale_factor must be positive, got " + Arrays.toString(scaleFactor));
            out[0] = (int) Math.floor(h * scales[0]);
            out[1] = (int) Math.floor(w * scales[1]);
        }
        if (out[0] <= 0 || out[1] <= 0) {
            throw new IllegalArgumentException(op + ": output size " + Arrays.toString(out) + " must be positive (input " + Shape.str(x.shape()) + ")");
        }
        Double scaleH = scales == null ? null : scales[0], scaleW = scales == null ? null : scales[1];
        return switch (mode) {
            case "nearest" -> {
                if (alignCorners) {
                    throw new IllegalArgumentException(op + ": align_corners can only be set with the interpolating modes linear, bilinear, bicubic, trilinear");
                }
                yield x.indexSelect(2, nearest(h, out[0], scaleH)).indexSelect(3, nearest(w, out[1], scaleW));
            }
            case "bilinear" -> linear(linear(x, 2, out[0], scaleH, alignCorners), 3, out[1], scaleW, alignCorners);
            default -> throw new IllegalArgumentException(op + ": mode must be \"nearest\" or \"bilinear\", got \"" + mode + "\"");
        };
    }

    /**
     * Rearranges (*, C * r^2, H, W) into (*, C, H * r, W * r): channel c * r^2 + i * r + j moves to
     * the sub-pixel (i, j).
     */
    public static Tensor pixelShuffle(Tensor x, int upscale) {
        String op = "pixel_shuffle";
        if (upscale <= 0) throw new IllegalArgumentException(op + ": upscale_factor must be positive, got " + upscale);
        int r2 = upscale * upscale;
        if (x.dim() < 3 || x.size(-3) % r2 != 0) {
            throw new IllegalArgumentException(op + ": expected input (*, C * " + r2 + ", H, W), got " + Shape.str(x.shape()));
        }
        int[] shape = x.shape();
        int lead = shape.length - 3, c = shape[lead] / r2, h = shape[lead + 1], w = shape[lead + 2];
        int batch = x.numel() / (shape[lead] * h * w);
        Tensor y = x.reshape(batch, c, upscale, upscale, h, w).permute(0, 1, 4, 2, 5, 3);
        int[] outShape = Arrays.copyOf(shape, shape.length);
        outShape[lead] = c;
        outShape[lead + 1] = h * upscale;
        outShape[lead + 2] = w * upscale;
        return y.reshape(outShape);
    }

    /** PyTorch's scale for index maths: 1/scale_factor when one was given, else in/out. */
    private static double scale(int in, int out, Double scaleFactor) {
        return scaleFactor != null ? 1.0 / scaleFactor : (double) in / out;
    }

    private static Tensor nearest(int in, int out, Double scaleFactor) {
        double s = scale(in, out, scaleFactor);
        long[] idx = new long[out];
        for (int o = 0; o < out; o++) idx[o] = Math.min((long) Math.floor(o * (float) s), in - 1);
        return Tensors.fromArray(idx, out);
    }

    /** Linear interpolation along one dim: lambda0 * x[i0] + lambda1 * x[i1]. */
    private static Tensor linear(Tensor x, int dim, int out, Double scaleFactor, boolean alignCorners) {
        int in = x.size(dim);
        double s = alignCorners ? (out > 1 ? (double) (in - 1) / (out - 1) : 0) : scale(in, out, scaleFactor);
        long[] i0 = new long[out], i1 = new long[out];
        double[] l0 = new double[out], l1 = new double[out];
        for (int o = 0; o < out; o++) {
            double src = alignCorners ? s * o : Math.max(s * (o + 0.5) - 0.5, 0);
            int lo = (int) src;
            i0[o] = lo;
            i1[o] = lo + (lo < in - 1 ? 1 : 0);
            l1[o] = src - lo;
            l0[o] = 1 - l1[o];
        }
        int[] view = new int[x.dim()];
        Arrays.fill(view, 1);
        view[dim] = out;
        Tensor w0 = Tensors.fromArray(l0, view).to(x.dtype()), w1 = Tensors.fromArray(l1, view).to(x.dtype());
        return x.indexSelect(dim, Tensors.fromArray(i0, out)).mul(w0).add(x.indexSelect(dim, Tensors.fromArray(i1, out)).mul(w1));
    }
}
