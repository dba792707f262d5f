package dev.jgrad.nn.functional;

import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

import static dev.jgrad.autograd.Node.grads;
import static dev.jgrad.autograd.Node.inputs;
import static dev.jgrad.autograd.Node.saved;

/**
 * Differentiable 2-D pooling over the last two dims of (N, C, H, W) or (C, H, W) inputs, with
 * PyTorch's output sizes, window rules and defaults (a null or empty stride means the kernel).
 *
 * <pre>{@code
 * Tensor y = Pooling.maxPool2d(x, new int[] {2, 2}, null, new int[] {0, 0}, new int[] {1, 1}, false);  // [N, C, H/2, W/2]
 * }</pre>
 */
public final class Pooling {
    private Pooling() {}

    /**
     * Max pooling returning the maxima and their flat indices {@code h * W + w} within each plane
     * (int64), like {@code F.max_pool2d(..., return_indices=True)}. The gradient goes to the
     * argmax (the first one among ties).
     */
    public static Tensor.ValuesIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                                           boolean ceilMode) {
        return maxPool(x, kernel, stride, padding, dilation, ceilMode, true);
    }

    /** Max pooling: {@link #maxPool2dWithIndices} without the indices. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool(x, kernel, stride, padding, dilation, ceilMode, false).values();
    }

    /**
     * {@code maxPool2d(relu(x), ...)}, computed as relu of the pooled maxima where a fused path
     * exists (float32 2x2 windows at stride 2): ReLU is monotonic, so the values are the same, and
     * so are the gradients (a window whose maximum is not positive gets none), with the ReLU on a
     * quarter of the elements and no ReLU output kept.
     */
    public static Tensor reluMaxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        String op = "max_pool2d";
        checkInput(op, x);
        PoolWindows[] windows = slidingWindows(op, x, kernel, stride, padding, dilation, ceilMode);
        if (pairwise(x, windows[0], windows[1])) return windowPairsMax("relu_max_pool2d", x, windows[0], windows[1], true);
        return windowMax(op, x.relu(), windows[0], windows[1], false).values();
    }

    private static Tensor.ValuesIndices maxPool(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode,
                                                boolean indicesWanted) {
        String op = "max_pool2d";
        checkInput(op, x);
        PoolWindows[] windows = slidingWindows(op, x, kernel, stride, padding, dilation, ceilMode);
        return windowMax(op, x, windows[0], windows[1], indicesWanted);
    }

    /** The row and column windows of a sliding max pool over x, after checking its arguments and output size. */
    private static PoolWindows[] slidingWindows(String op, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        int[] k = Convolution.pair(op, "kernel_size", kernel, 0, 0);
        int[] s = stride == null || stride.length == 0 ? k : Convolution.pair(op, "stride", stride, 1, 1);
        int[] p = Convolution.pair(op, "padding", padding, 0, 0);
        int[] d = Convolution.pair(op, "dilation", dilation, 1, 1);
        checkPadding(op, k, p);
        PoolWindows rows = PoolWindows.sliding(x.size(-2), k[0], s[0], p[0], d[0], ceilMode);
        PoolWindows cols = PoolWindows.sliding(x.size(-1), k[1], s[1], p[1], d[1], ceilMode);
        checkOutput(op, x, rows, cols);
        return new PoolWindows[] {rows, cols};
    }

    /**
     * The partial inverse of max pooling: puts each value of x at the position its index names in
     * an otherwise zero output of size (H - 1)s - 2p + k per axis, or {@code outputSize} (the last
     * two sizes, or the full shape).
     */
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, int[] kernel, int[] stride, int[] padding, int[] outputSize) {
        String op = "max_unpool2d";
        checkInput(op, x);
        if (!Arrays.equals(x.shape(), indices.shape()) || indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected int64 indices of the input's shape " + Shape.str(x.shape()) + ", got "
                    + indices.describe());
        }
        int[] k = Convolution.pair(op, "kernel_size", kernel, 0, 0);
        int[] s = stride == null || stride.length == 0 ? k : Convolution.pair(op, "stride", stride, 1, 1);
        int[] p = Convolution.pair(op, "padding", padding, 0, 0);
        int h, w;
        if (outputSize == null || outputSize.length == 0) {
            h = (x.size(-2) - 1) * s[0] - 2 * p[0] + k[0];
            w = (x.size(-1) - 1) * s[1] - 2 * p[1] + k[1];
        } else if (outputSize.length == 2 || outputSize.length == x.dim()) {
            h = outputSize[outputSize.length - 2];
            w = outputSize[outputSize.length - 1];
        } else {
            throw new IllegalArgumentException(op + ": output_size must have 2 or " + x.dim() + " elements, got " + Arrays.toString(outputSize));
        }
        if (h <= 0 || w <= 0) throw new IllegalArgumentException(op + ": output size [" + h + ", " + w + "] must be positive");
        for (long i : indices.contiguous().toLongArray()) {
            if (i < 0 || i >= (long) h * w) {
                throw new IllegalArgumentException(op + ": found an invalid max index " + i + " for an output plane of size [" + h + ", " + w + "]");
            }
        }
        int planes = x.numel() / (x.size(-2) * x.size(-1));
        int[] outShape = x.shape();
        outShape[outShape.length - 2] = h;
        outShape[outShape.length - 1] = w;
        return Tensors.zeros(new int[] {planes, h * w}, x.dtype())
                .scatterAdd(1, indices.reshape(planes, -1), x.reshape(planes, -1))
                .reshape(outShape);
    }

    /**
     * Average pooling. With {@code countIncludePad} the divisor counts padding positions (but not
     * the extra positions of ceil mode), otherwise only input positions.
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        String op = "avg_pool2d";
        checkInput(op, x);
        int[] k = Convolution.pair(op, "kernel_size", kernel, 0, 0);
        int[] s = stride == null || stride.length == 0 ? k : Convolution.pair(op, "stride", stride, 1, 1);
        int[] p = Convolution.pair(op, "padding", padding, 0, 0);
        checkPadding(op, k, p);
        PoolWindows rows = PoolWindows.sliding(x.size(-2), k[0], s[0], p[0], 1, ceilMode);
        PoolWindows cols = PoolWindows.sliding(x.size(-1), k[1], s[1], p[1], 1, ceilMode);
        checkOutput(op, x, rows, cols);
        return windowAverage(x, rows, cols, divisors(rows, p[0], countIncludePad), divisors(cols, p[1], countIncludePad));
    }

    /**
     * Power-average pooling: (sum over the window of x^p)^(1/p); p = 1 is sum pooling. Like
     * PyTorch, no padding, and a null stride means the kernel.
     */
    public static Tensor lpPool2d(Tensor x, double p, int[] kernel, int[] stride) {
        String op = "lp_pool2d";
        if (!(p > 0)) throw new IllegalArgumentException(op + ": norm type p must be positive, got " + p);
        int[] k = Convolution.pair(op, "kernel_size", kernel, 0, 0);
        int area = k[0] * k[1];
        if (p == 1) return avgPool2d(x, k, stride, null, false, true).mul(area);
        return avgPool2d(x.pow(p), k, stride, null, false, true).mul(area).pow(1 / p);
    }

    /** Adaptive average pooling to {@code outputSize} (H', W'), with PyTorch's window boundaries. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int[] outputSize) {
        String op = "adaptive_avg_pool2d";
        checkInput(op, x);
        int[] out = checkOutputSize(op, outputSize, x);
        PoolWindows rows = PoolWindows.adaptive(x.size(-2), out[0]), cols = PoolWindows.adaptive(x.size(-1), out[1]);
        return windowAverage(x, rows, cols, rows.taps(), cols.taps());
    }

    /** Adaptive max pooling to {@code outputSize} (H', W'), with PyTorch's window boundaries. */
    public static Tensor adaptiveMaxPool2d(Tensor x, int[] outputSize) {
        String op = "adaptive_max_pool2d";
        checkInput(op, x);
        int[] out = checkOutputSize(op, outputSize, x);
        return windowMax(op, x, PoolWindows.adaptive(x.size(-2), out[0]), PoolWindows.adaptive(x.size(-1), out[1]), false).values();
    }

    /**
     * Checks a sliding pool's window arguments (null stride: the kernel; null padding 0; null
     * dilation 1) without an input, so that pooling layers fail when they are built.
     */
    public static void checkWindow(String op, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        int[] k = Convolution.pair(op, "kernel_size", kernel, 0, 0);
        if (stride != null && stride.length > 0) Convolution.pair(op, "stride", stride, 1, 1);
        Convolution.pair(op, "dilation", dilation, 1, 1);
        checkPadding(op, k, Convolution.pair(op, "padding", padding, 0, 0));
    }

    // ---------------------------------------------------------------- recorded ops

    /** The window maxima; their indices only when asked for or needed by the backward (else null). */
    private static Tensor.ValuesIndices windowMax(String op, Tensor x, PoolWindows rows, PoolWindows cols, boolean indicesWanted) {
        if (!indicesWanted && pairwise(x, rows, cols)) {
            return new Tensor.ValuesIndices(windowPairsMax(op, x, rows, cols, false), null);
        }
        Tensor xc = x.contiguous();
        int planes = planes(x);
        boolean recorded = GradMode.isEnabled() && x.requiresGrad();
        Storage[] result = PoolKernels.max(xc.storage(), xc.storageOffset(), planes, rows, cols, indicesWanted || recorded);
        int[] outShape = outputShape(x, rows, cols);
        if (result[1] == null) return new Tensor.ValuesIndices(Tensor.of(result[0], outShape), null);
        Tensor indices = Tensor.of(result[1], outShape);
        int[] inShape = x.shape();
        int plane = rows.size() * cols.size();
        long[] argmax = ((Storage.I64) result[1]).data;
        int outPlane = rows.outputs() * cols.outputs();
        Tensor values = Node.record(op, Tensor.of(result[0], outShape), inputs(x), saved(indices),
                (g, s) -> {
                    if (GradMode.isEnabled()) return grads(recordedMaxAdjoint(g, s[0], planes, inShape));
                    Tensor gc = g.contiguous();
                    return grads(Tensor.of(PoolKernels.maxAdjoint(gc.storage(), gc.storageOffset(), argmax, planes, plane, outPlane),
                            inShape));
                });
        return new Tensor.ValuesIndices(values, indices);
    }

    /**
     * Float32 max pooling over 2x2 windows at stride 2 without indices, followed by a ReLU where
     * {@code relu}: when recorded, the kernel keeps each maximum's position in its window (a float
     * per output; none where the ReLU cut the window) for the backward, which writes dx whole
     * instead of scattering into zeros.
     */
    private static Tensor windowPairsMax(String op, Tensor x, PoolWindows rows, PoolWindows cols, boolean relu) {
        Tensor xc = x.contiguous();
        int planes = planes(x), h = rows.size(), w = cols.size();
        int[] outShape = outputShape(x, rows, cols), inShape = x.shape();
        float[] positions = GradMode.isEnabled() && x.requiresGrad() ? Storage.floatsForOverwrite(Shape.numel(outShape)) : null;
        Storage out = PoolKernels.maxPairs(((Storage.F32) xc.storage()).data, xc.storageOffset(), planes, h, w, positions, relu);
        Tensor values = Tensor.of(out, outShape);
        return Node.record(op, values, inputs(x), relu ? saved(values) : saved(),
                (g, s) -> {
                    if (GradMode.isEnabled()) {
                        Tensor routed = relu ? Tensor.reluBackward(g, s[0]) : g;
                        return grads(recordedMaxAdjoint(routed, Tensor.of(PoolKernels.pairIndices(positions, planes, h, w), outShape), planes, inShape));
                    }
                    Tensor gc = g.contiguous().to(DType.FLOAT32);
                    return grads(Tensor.of(PoolKernels.maxPairsAdjoint(positions, ((Storage.F32) gc.storage()).data, gc.storageOffset(), planes, h, w),
                            inShape));
                });
    }

    /** Whether float32 x pooled over these windows takes the 2x2 stride-2 kernel ({@link #windowPairsMax}). */
    private static boolean pairwise(Tensor x, PoolWindows rows, PoolWindows cols) {
        return x.dtype() == DType.FLOAT32 && rows.isPairs() && cols.isPairs();
    }

    /** The max pooling backward as a recorded (differentiable) scatter of g to the argmax indices. */
    private static Tensor recordedMaxAdjoint(Tensor g, Tensor indices, int planes, int[] inShape) {
        return Tensors.zeros(new int[] {planes, inShape[inShape.length - 2] * inShape[inShape.length - 1]}, g.dtype())
                .scatterAdd(1, indices.reshape(planes, -1), g.reshape(planes, -1))
                .reshape(inShape);
    }

    /** The (linear) window average; its backward is its adjoint, whose backward is this again. */
    private static Tensor windowAverage(Tensor x, PoolWindows rows, PoolWindows cols, int[] divRows, int[] divCols) {
        Tensor xc = x.contiguous();
        Storage out = PoolKernels.average(xc.storage(), xc.storageOffset(), planes(x), rows, cols, divRows, divCols);
        int[] inShape = x.shape();
        return Node.record("avg_pool2d", Tensor.of(out, outputShape(x, rows, cols)), inputs(x), saved(),
                (g, s) -> grads(windowAverageAdjoint(g, inShape, rows, cols, divRows, divCols)));
    }

    private static Tensor windowAverageAdjoint(Tensor g, int[] inShape, PoolWindows rows, PoolWindows cols, int[] divRows, int[] divCols) {
        Tensor gc = g.contiguous();
        int planes = Shape.numel(inShape) / (rows.size() * cols.size());
        Storage dx = PoolKernels.averageAdjoint(gc.storage(), gc.storageOffset(), planes, rows, cols, divRows, divCols, g.dtype());
        return Node.record("avg_pool2d_backward", Tensor.of(dx, inShape), inputs(g), saved(),
                (gg, s) -> grads(windowAverage(gg, rows, cols, divRows, divCols)));
    }

    // ---------------------------------------------------------------- checks and helpers

    /** Per-axis divisors of average pooling: positions inside the padded (or the bare) input. */
    private static int[] divisors(PoolWindows windows, int padding, boolean countIncludePad) {
        int[] div = new int[windows.outputs()];
        for (int o = 0; o < div.length; o++) {
            int start = windows.start()[o];
            div[o] = countIncludePad ? Math.min(start + windows.taps()[o], windows.size() + padding) - start : windows.validTaps(o);
        }
        return div;
    }

    private static void checkInput(String op, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C, H, W) or (C, H, W), got " + Shape.str(x.shape()));
        }
        if (!x.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": expected a floating point input, got " + x.describe());
        if (x.size(-1) == 0 || x.size(-2) == 0) throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " has an empty plane");
    }

    private static void checkPadding(String op, int[] kernel, int[] padding) {
        if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
            throw new IllegalArgumentException(op + ": padding should be at most half of kernel size, got padding "
                    + Arrays.toString(padding) + " for kernel " + Arrays.toString(kernel));
        }
    }

    private static void checkOutput(String op, Tensor x, PoolWindows rows, PoolWindows cols) {
        if (rows.outputs() <= 0 || cols.outputs() <= 0) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " is too small: computed output size ["
                    + rows.outputs() + ", " + cols.outputs() + "]");
        }
    }

    private static int[] checkOutputSize(String op, int[] outputSize, Tensor x) {
        if (outputSize == null || (outputSize.length != 1 && outputSize.length != 2)) {
            throw new IllegalArgumentException(op + ": output_size must have 1 or 2 elements, got " + Arrays.toString(outputSize));
        }
        int[] out = outputSize.length == 1 ? new int[] {outputSize[0], outputSize[0]} : outputSize.clone();
        if (out[0] <= 0 || out[1] <= 0) {
            throw new IllegalArgumentException(op + ": output_size must be positive, got " + Arrays.toString(outputSize)
                    + " for input " + Shape.str(x.shape()));
        }
        return out;
    }

    private static int planes(Tensor x) {
        return x.numel() / (x.size(-2) * x.size(-1));
    }

    private static int[] outputShape(Tensor x, PoolWindows rows, PoolWindows cols) {
        int[] shape = x.shape();
        shape[shape.length - 2] = rows.outputs();
        shape[shape.length - 1] = cols.outputs();
        return shape;
    }
}
