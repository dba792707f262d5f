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
 * Differentiable 1-D/2-D convolution and transposed convolution with PyTorch's semantics
 * (stride, padding incl. {@code "same"}, dilation, groups). Three recorded ops do all the work:
 * the convolution, its adjoint in the input (the transposed convolution) and its adjoint in the
 * weight; each one's backward is written with the other two, so gradients of any order work.
 *
 * <pre>{@code
 * Tensor x = Tensors.randn(8, 1, 28, 28);
 * Tensor w = Tensors.randn(6, 1, 5, 5);
 * Tensor y = Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1}, 1);  // [8, 6, 28, 28]
 * }</pre>
 */
public final class Convolution {
    private Convolution() {}

    /**
     * 2-D convolution (cross-correlation like PyTorch) of x (N, Cin, H, W) or (Cin, H, W) with
     * weight (Cout, Cin/groups, kh, kw) and an optional bias (Cout); the output is
     * (N, Cout, OH, OW) with OH = (H + 2p - d(kh - 1) - 1) / s + 1. Null stride, padding or
     * dilation mean 1, 0 and 1; one-element arrays apply to both axes.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        String op = "conv2d";
        boolean unbatched = checkInput(op, x, weight);
        Tensor input = unbatched ? x.unsqueeze(0) : x;
        int[] s = pair(op, "stride", stride, 1, 1);
        int[] p = pair(op, "padding", padding, 0, 0);
        int[] d = pair(op, "dilation", dilation, 1, 1);
        checkWeight(op, input, weight, bias, groups, weight.size(1) * groups, weight.size(0));
        int[] in = input.shape(), k = {weight.size(2), weight.size(3)};
        int oh = ConvGeometry.outputSize(in[2], k[0], s[0], p[0], d[0]);
        int ow = ConvGeometry.outputSize(in[3], k[1], s[1], p[1], d[1]);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " is too small for kernel " + Arrays.toString(k)
                    + " with padding " + Arrays.toString(p) + " and dilation " + Arrays.toString(d) + ": computed output size ["
                    + oh + ", " + ow + "]");
        }
        var geo = new ConvGeometry(in[0], in[1], in[2], in[3], weight.size(0), oh, ow, k[0], k[1], s[0], s[1], p[0], p[1],
                d[0], d[1], groups);
        Tensor out = convolve(input, weight, bias, geo);
        return unbatched ? out.squeeze(0) : out;
    }

    /**
     * 2-D convolution with padding {@code "valid"} (none) or {@code "same"} (output as large as the
     * input; stride must be 1). When the total padding d(k - 1) is odd, the extra row and column go
     * at the bottom and right, like PyTorch.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        String op = "conv2d";
        int[] d = pair(op, "dilation", dilation, 1, 1);
        switch (padding) {
            case "valid" -> {
                return conv2d(x, weight, bias, stride, new int[] {0, 0}, d, groups);
            }
            case "same" -> {
                int[] s = pair(op, "stride", stride, 1, 1);
                if (s[0] != 1 || s[1] != 1) {
                    throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions, got stride "
                            + Arrays.toString(s));
                }
                checkInput(op, x, weight);
                int totalH = d[0] * (weight.size(2) - 1), totalW = d[1] * (weight.size(3) - 1);
                Tensor padded = padEnd(padEnd(x, x.dim() - 2, totalH % 2), x.dim() - 1, totalW % 2);
                return conv2d(padded, weight, bias, s, new int[] {totalH / 2, totalW / 2}, d, groups);
            }
            default -> throw new IllegalArgumentException(op + ": padding must be \"valid\" or \"same\", got \"" + padding + "\"");
        }
    }

    /** 1-D convolution of x (N, Cin, L) or (Cin, L) with weight (Cout, Cin/groups, k): conv2d with H = 1. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        String op = "conv1d";
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected input (N, C, L) or (C, L), got " + Shape.str(x.shape()));
        }
        if (weight.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected weight (Cout, Cin/groups, k), got " + Shape.str(weight.shape()));
        }
        if (groups > 0 && x.size(-2) != weight.size(1) * groups) {
            throw new IllegalArgumentException(op + ": expected input (N, " + weight.size(1) * groups + ", L) for weight "
                    + Shape.str(weight.shape()) + " and groups " + groups + ", got " + Shape.str(x.shape()));
        }
        Tensor out = conv2d(x.unsqueeze(x.dim() - 1), weight.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, groups);
        return out.squeeze(out.dim() - 2);
    }

    /**
     * 2-D transposed convolution ("deconvolution"): the adjoint of conv2d. x is (N, Cin, H, W) or
     * (Cin, H, W), weight (Cin, Cout/groups, kh, kw); the output is (N, Cout, OH, OW) with
     * OH = (H - 1)s - 2p + d(kh - 1) + outputPadding + 1.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int groups, int[] dilation) {
        String op = "conv_transpose2d";
        boolean unbatched = checkInput(op, x, weight);
        Tensor input = unbatched ? x.unsqueeze(0) : x;
        int[] s = pair(op, "stride", stride, 1, 1);
        int[] p = pair(op, "padding", padding, 0, 0);
        int[] d = pair(op, "dilation", dilation, 1, 1);
        int[] op2 = pair(op, "output_padding", outputPadding, 0, 0);
        for (int a = 0; a < 2; a++) {
            if (op2[a] < 0 || (op2[a] >= s[a] && op2[a] >= d[a])) {
                throw new IllegalArgumentException(op + ": output padding must be smaller than either stride or dilation, got "
                        + "output_padding " + Arrays.toString(op2) + ", stride " + Arrays.toString(s) + ", dilation " + Arrays.toString(d));
            }
        }
        checkWeight(op, input, weight, bias, groups, weight.size(0), weight.size(1) * groups);
        int[] in = input.shape(), k = {weight.size(2), weight.size(3)};
        int oh = (in[2] - 1) * s[0] - 2 * p[0] + d[0] * (k[0] - 1) + op2[0] + 1;
        int ow = (in[3] - 1) * s[1] - 2 * p[1] + d[1] * (k[1] - 1) + op2[1] + 1;
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " with kernel " + Arrays.toString(k)
                    + ", stride " + Arrays.toString(s) + " and padding " + Arrays.toString(p) + " gives output size [" + oh + ", " + ow + "]");
        }
        // The convolution that this one is the adjoint of reads (oh, ow); where output padding
        // exceeds the stride that convolution has more positions than x, which get zeros.
        int rows = ConvGeometry.outputSize(oh, k[0], s[0], p[0], d[0]);
        int cols = ConvGeometry.outputSize(ow, k[1], s[1], p[1], d[1]);
        input = padEnd(padEnd(input, 2, rows - in[2]), 3, cols - in[3]);
        var geo = new ConvGeometry(in[0], weight.size(1) * groups, oh, ow, in[1], rows, cols, k[0], k[1], s[0], s[1], p[0], p[1],
                d[0], d[1], groups);
        Tensor out = transposedConvolve(input, weight, bias, geo);
        return unbatched ? out.squeeze(0) : out;
    }

    // ---------------------------------------------------------------- the three recorded ops

    /** conv2d on checked 4-D inputs; backward: transposed convolution for x, the weight adjoint for w. */
    static Tensor convolve(Tensor x, Tensor weight, Tensor bias, ConvGeometry geo) {
        Tensor xc = x.contiguous(), wc = weight.contiguous(), bc = bias == null ? null : bias.contiguous();
        Storage out = ConvKernels.forward(geo, xc.storage(), xc.storageOffset(), wc.storage(), wc.storageOffset(),
                bc == null ? null : bc.storage(), bc == null ? 0 : bc.storageOffset());
        boolean needX = x.requiresGrad(), needW = weight.requiresGrad(), hasBias = bias != null;
        return Node.record("conv2d", Tensor.of(out, geo.n(), geo.cout(), geo.oh(), geo.ow()), inputs(x, weight, bias),
                saved(needW ? x : null, needX ? weight : null),
                (g, s) -> grads(needX ? transposedConvolve(g, s[1], null, geo) : null,
                        needW ? weightGradient(s[0], g, geo) : null,
                        hasBias ? biasGradient(g) : null));
    }

    /** The adjoint of {@link #convolve} in its input: x is column-side (n, cout, oh, ow), the result image-side. */
    static Tensor transposedConvolve(Tensor x, Tensor weight, Tensor bias, ConvGeometry geo) {
        Tensor xc = x.contiguous(), wc = weight.contiguous();
        Storage out = ConvKernels.inputGradient(geo, xc.storage(), xc.storageOffset(), wc.storage(), wc.storageOffset());
        if (bias != null) {
            Tensor bc = bias.contiguous();
            ConvKernels.addBias(out, bc.storage(), bc.storageOffset(), geo.n(), geo.cin(), geo.h() * geo.w());
        }
        boolean needX = x.requiresGrad(), needW = weight.requiresGrad(), hasBias = bias != null;
        return Node.record("conv_transpose2d", Tensor.of(out, geo.n(), geo.cin(), geo.h(), geo.w()), inputs(x, weight, bias),
                saved(needW ? x : null, needX ? weight : null),
                (g, s) -> grads(needX ? convolve(g, s[1], null, geo) : null,
                        needW ? weightGradient(g, s[0], geo) : null,
                        hasBias ? biasGradient(g) : null));
    }

    /**
     * The adjoint of {@link #convolve} in its weight: dW = sum over images of gradOut @ im2col(x)^T.
     * It is bilinear in (x, gradOut), so its own gradients are a transposed convolution and a
     * convolution with the incoming weight-shaped gradient.
     */
    static Tensor weightGradient(Tensor x, Tensor gradOut, ConvGeometry geo) {
        Tensor xc = x.contiguous(), gc = gradOut.contiguous().to(x.dtype());
        Storage dw = ConvKernels.weightGradient(geo, xc.storage(), xc.storageOffset(), gc.storage(), gc.storageOffset());
        boolean needX = x.requiresGrad(), needG = gradOut.requiresGrad();
        return Node.record("conv2d_weight", Tensor.of(dw, geo.cout(), geo.cinPerGroup(), geo.kh(), geo.kw()),
                inputs(x, gradOut), saved(needG ? x : null, needX ? gradOut : null),
                (v, s) -> grads(needX ? transposedConvolve(s[1], v, null, geo) : null,
                        needG ? convolve(s[0], v, null, geo) : null));
    }

    /** The bias gradient: g summed over batch and positions, fused for float32 unless this backward is itself recorded. */
    private static Tensor biasGradient(Tensor g) {
        if (g.dtype() != DType.FLOAT32 || GradMode.isEnabled()) return g.sum(new int[] {0, 2, 3}, false);
        Tensor gc = g.contiguous();
        double[] sums = ChannelKernels.channelSums(((Storage.F32) gc.storage()).data, gc.storageOffset(), g.size(0), g.size(1),
                g.size(2) * g.size(3));
        return Tensors.fromArray(sums, sums.length).to(DType.FLOAT32);
    }

    // ---------------------------------------------------------------- checks and helpers

    /** Checks rank and dtype; returns whether x is unbatched (C, H, W). */
    private static boolean checkInput(String op, Tensor x, Tensor weight) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected input (N, C, H, W) or (C, H, W), got " + Shape.str(x.shape()));
        }
        if (weight.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected a 4-D weight, got " + Shape.str(weight.shape()));
        }
        if (!x.dtype().isFloatingPoint() || x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(op + ": input " + x.describe() + " and weight " + weight.describe()
                    + " must have the same floating point dtype");
        }
        return x.dim() == 3;
    }

    private static void checkWeight(String op, Tensor x, Tensor weight, Tensor bias, int groups, int inChannels, int outChannels) {
        if (groups <= 0) throw new IllegalArgumentException(op + ": groups must be positive, got " + groups);
        int[] w = weight.shape();
        boolean transposed = op.equals("conv_transpose2d");
        if (w[0] % groups != 0) {
            throw new IllegalArgumentException(op + ": weight " + Shape.str(w) + ": " + (transposed ? "input" : "output")
                    + " channels " + w[0] + " are not divisible by groups " + groups);
        }
        if (x.size(1) != inChannels) {
            String layout = transposed ? "(Cin, Cout/groups, kh, kw)" : "(Cout, Cin/groups, kh, kw)";
            throw new IllegalArgumentException(op + ": expected input (N, " + inChannels + ", H, W) for weight " + Shape.str(w) + " "
                    + layout + " and groups " + groups + ", got " + Shape.str(x.shape()));
        }
        if (w[2] <= 0 || w[3] <= 0) throw new IllegalArgumentException(op + ": kernel size must be positive, got weight " + Shape.str(w));
        if (bias != null && (bias.dim() != 1 || bias.size(0) != outChannels)) {
            throw new IllegalArgumentException(op + ": expected bias of shape [" + outChannels + "], got " + Shape.str(bias.shape()));
        }
        if (bias != null && bias.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(op + ": bias " + bias.describe() + " must have the dtype of weight " + weight.describe());
        }
    }

    /**
     * A two-element parameter from null (the default), one value (both axes) or two values;
     * stride and dilation must be positive, padding non-negative.
     */
    static int[] pair(String op, String name, int[] value, int defaultH, int defaultW) {
        int[] v = value == null || value.length == 0 ? new int[] {defaultH, defaultW}
                : value.length == 1 ? new int[] {value[0], value[0]} : value.clone();
        if (v.length != 2) throw new IllegalArgumentException(op + ": " + name + " must have 1 or 2 values, got " + Arrays.toString(value));
        int min = name.equals("padding") || name.equals("output_padding") ? 0 : 1;
        if (v[0] < min || v[1] < min) {
            throw new IllegalArgumentException(op + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive") + ", got "
                    + Arrays.toString(v));
        }
        return v;
    }

    /** x with {@code count} zeros appended along {@code dim} (differentiable; x itself when count is 0). */
    static Tensor padEnd(Tensor x, int dim, int count) {
        if (count <= 0) return x;
        int[] shape = x.shape();
        shape[dim] = count;
        return Tensors.cat(dim, x, Tensors.zeros(shape, x.dtype()));
    }
}
