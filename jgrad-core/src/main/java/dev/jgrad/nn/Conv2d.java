package dev.jgrad.nn;

import dev.jgrad.nn.functional.Convolution;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

/**
 * 2-D convolution over (N, Cin, H, W) or (Cin, H, W), like {@code nn.Conv2d}. Output size per
 * axis: (W + 2P − D(F − 1) − 1) / S + 1; parameters F²·Cin·Cout/groups + Cout. Weight
 * (Cout, Cin/groups, kh, kw) and bias start as U(−1/√fan_in, 1/√fan_in), fan_in = Cin/groups·kh·kw.
 *
 * <pre>{@code
 * var conv = new Conv2d(1, 16, 3, Conv2d.Options.defaults().padding(1).bias(false));
 * Tensor y = conv.call(x);   // [8, 1, 28, 28] -> [8, 16, 28, 28]
 * }</pre>
 */
public class Conv2d extends Module {
    /**
     * Stride, padding (numbers, or {@code paddingMode} "same"/"valid" when not null), dilation,
     * groups and whether to add a bias. One-element arrays apply to both axes.
     */
    public record Options(int[] stride, int[] padding, String paddingMode, int[] dilation, int groups, boolean bias) {
        public Options {
            stride = both("stride", stride, 1);
            padding = both("padding", padding, 0);
            dilation = both("dilation", dilation, 1);
            if (paddingMode != null && !paddingMode.equals("same") && !paddingMode.equals("valid")) {
                throw new IllegalArgumentException("Conv2d: padding must be \"same\", \"valid\" or numbers, got \"" + paddingMode + "\"");
            }
            if (groups <= 0) throw new IllegalArgumentException("Conv2d: groups must be positive, got " + groups);
            for (int s : stride) if (s <= 0) throw new IllegalArgumentException("Conv2d: stride must be positive, got " + Arrays.toString(stride));
            for (int d : dilation) if (d <= 0) throw new IllegalArgumentException("Conv2d: dilation must be positive, got " + Arrays.toString(dilation));
            for (int p : padding) if (p < 0) throw new IllegalArgumentException("Conv2d: padding must be non-negative, got " + Arrays.toString(padding));
        }

        private static int[] both(String what, int[] v, int fallback) {
            if (v == null) return new int[] {fallback, fallback};
            if (v.length == 1) return new int[] {v[0], v[0]};
            if (v.length != 2) throw new IllegalArgumentException("Conv2d: " + what + " needs 1 or 2 values, got " + Arrays.toString(v));
            return v.clone();
        }

        /** Stride 1, padding 0, dilation 1, one group, with bias. */
        public static Options defaults() {
            return new Options(null, null, null, null, 1, true);
        }

        public Options stride(int... value) { return new Options(value, padding, paddingMode, dilation, groups, bias); }
        public Options padding(int... value) { return new Options(stride, value, null, dilation, groups, bias); }
        /** "same" (output as large as the input; stride 1 only) or "valid" (no padding). */
        public Options padding(String mode) { return new Options(stride, null, mode, dilation, groups, bias); }
        public Options dilation(int... value) { return new Options(stride, padding, paddingMode, value, groups, bias); }
        public Options groups(int value) { return new Options(stride, padding, paddingMode, dilation, value, bias); }
        public Options bias(boolean value) { return new Options(stride, padding, paddingMode, dilation, groups, value); }
    }

    public final int inChannels, outChannels;
    private final int[] kernel;
    private final Options options;
    public final Parameter weight;   // (Cout, Cin/groups, kh, kw)
    public final Parameter bias;     // (Cout) or null

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, Options.defaults(), Generator.global());
    }

    /** The common positional form {@code Conv2d(in, out, k, stride, padding)}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, Options.defaults().stride(stride).padding(padding), Generator.global());
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, Options options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options, Generator.global());
    }

    public Conv2d(int inChannels, int outChannels, int[] kernelSize, Options options, Generator gen) {
        String name = "Conv2d(" + inChannels + "->" + outChannels + ")";
        if (inChannels <= 0 || outChannels <= 0) throw new IllegalArgumentException(name + ": channels must be positive");
        if (inChannels % options.groups() != 0 || outChannels % options.groups() != 0) {
            throw new IllegalArgumentException(name + ": in_channels and out_channels must be divisible by groups " + options.groups());
        }
        if ("same".equals(options.paddingMode()) && (options.stride()[0] != 1 || options.stride()[1] != 1)) {
            throw new IllegalArgumentException(name + ": padding='same' is not supported for strided convolutions");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernelSize.length == 1 ? new int[] {kernelSize[0], kernelSize[0]} : kernelSize.clone();
        if (kernel.length != 2 || kernel[0] <= 0 || kernel[1] <= 0) {
            throw new IllegalArgumentException(name + ": kernel_size must be 1 or 2 positive values, got " + Arrays.toString(kernelSize));
        }
        this.options = options;
        weight = DefaultInit.weight(Tensors.zeros(outChannels, inChannels / options.groups(), kernel[0], kernel[1]), gen);
        bias = DefaultInit.bias(options.bias(), weight, outChannels, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        LayerChecks.channelsFirst("Conv2d(" + inChannels + "->" + outChannels + ")", x, inChannels, 2, "(N, " + inChannels + ", H, W)");
        Tensor b = bias == null ? null : bias.data();
        if (options.paddingMode() != null) {
            return Convolution.conv2d(x, weight.data(), b, options.stride(), options.paddingMode(), options.dilation(), options.groups());
        }
        return Convolution.conv2d(x, weight.data(), b, options.stride(), options.padding(), options.dilation(), options.groups());
    }

    public int[] kernelSize() {
        return kernel.clone();
    }

    public Options options() {
        return options;
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + LayerChecks.tuple(kernel)
                + ", stride=" + LayerChecks.tuple(options.stride()));
        if (options.paddingMode() != null) sb.append(", padding=").append(options.paddingMode());
        else if (options.padding()[0] != 0 || options.padding()[1] != 0) sb.append(", padding=").append(LayerChecks.tuple(options.padding()));
        if (options.dilation()[0] != 1 || options.dilation()[1] != 1) sb.append(", dilation=").append(LayerChecks.tuple(options.dilation()));
        if (options.groups() != 1) sb.append(", groups=").append(options.groups());
        if (bias == null) sb.append(", bias=False");
        return sb.toString();
    }
}
