package dev.jgrad.nn;

import dev.jgrad.nn.functional.Convolution;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

/**
 * Transposed 2-D convolution (learned up-sampling), like {@code nn.ConvTranspose2d}:
 * OH = (H − 1)S − 2P + D(k − 1) + outputPadding + 1. Weight (Cin, Cout/groups, kh, kw),
 * initialised like PyTorch (fan_in = Cout/groups·kh·kw).
 *
 * <pre>{@code
 * var up = new ConvTranspose2d(64, 32, 2, ConvTranspose2d.Options.defaults().stride(2));
 * Tensor y = up.call(x);   // [1, 64, 7, 7] -> [1, 32, 14, 14]
 * }</pre>
 */
public class ConvTranspose2d extends Module {
    /** Stride, padding, output padding, groups, bias and dilation; one-element arrays apply to both axes. */
    public record Options(int[] stride, int[] padding, int[] outputPadding, int groups, boolean bias, int[] dilation) {
        public Options {
            stride = both(stride, 1);
            padding = both(padding, 0);
            outputPadding = both(outputPadding, 0);
            dilation = both(dilation, 1);
            if (groups <= 0) throw new IllegalArgumentException("ConvTranspose2d: groups must be positive, got " + groups);
            atLeast("stride", stride, 1);
            atLeast("dilation", dilation, 1);
            atLeast("padding", padding, 0);
            atLeast("output_padding", outputPadding, 0);
        }

        private static int[] both(int[] v, int fallback) {
            if (v == null) return new int[] {fallback, fallback};
            return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
        }

        private static void atLeast(String what, int[] v, int min) {
            for (int x : v) {
                if (x < min) {
                    throw new IllegalArgumentException("ConvTranspose2d: " + what + " must be " + (min == 0 ? "non-negative" : "positive")
                            + ", got " + Arrays.toString(v));
                }
            }
        }

        public static Options defaults() {
            return new Options(null, null, null, 1, true, null);
        }

        public Options stride(int... v) { return new Options(v, padding, outputPadding, groups, bias, dilation); }
        public Options padding(int... v) { return new Options(stride, v, outputPadding, groups, bias, dilation); }
        public Options outputPadding(int... v) { return new Options(stride, padding, v, groups, bias, dilation); }
        public Options groups(int v) { return new Options(stride, padding, outputPadding, v, bias, dilation); }
        public Options bias(boolean v) { return new Options(stride, padding, outputPadding, groups, v, dilation); }
        public Options dilation(int... v) { return new Options(stride, padding, outputPadding, groups, bias, v); }
    }

    public final int inChannels, outChannels;
    private final int[] kernel;
    private final Options options;
    public final Parameter weight;   // (Cin, Cout/groups, kh, kw)
    public final Parameter bias;     // (Cout) or null

    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, Options options) {
        this(inChannels, outChannels, new int[] {kernelSize}, options, Generator.global());
    }

    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, Options options, Generator gen) {
        String name = "ConvTranspose2d(" + inChannels + "->" + outChannels + ")";
        if (inChannels % options.groups() != 0 || outChannels % options.groups() != 0) {
            throw new IllegalArgumentException(name + ": in_channels and out_channels must be divisible by groups " + options.groups());
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernelSize.length == 1 ? new int[] {kernelSize[0], kernelSize[0]} : kernelSize.clone();
        this.options = options;
        weight = DefaultInit.weight(Tensors.zeros(inChannels, outChannels / options.groups(), kernel[0], kernel[1]), gen);
        bias = DefaultInit.bias(options.bias(), weight, outChannels, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        LayerChecks.channelsFirst("ConvTranspose2d(" + inChannels + "->" + outChannels + ")", x, inChannels, 2, "(N, " + inChannels + ", H, W)");
        return Convolution.convTranspose2d(x, weight.data(), bias == null ? null : bias.data(), options.stride(), options.padding(),
                options.outputPadding(), options.groups(), options.dilation());
    }

    public int[] kernelSize() {
        return Arrays.copyOf(kernel, 2);
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=" + LayerChecks.tuple(kernel)
                + ", stride=" + LayerChecks.tuple(options.stride()));
        if (options.padding()[0] != 0 || options.padding()[1] != 0) sb.append(", padding=").append(LayerChecks.tuple(options.padding()));
        if (options.dilation()[0] != 1 || options.dilation()[1] != 1) sb.append(", dilation=").append(LayerChecks.tuple(options.dilation()));
        if (options.outputPadding()[0] != 0 || options.outputPadding()[1] != 0) {
            sb.append(", output_padding=").append(LayerChecks.tuple(options.outputPadding()));
        }
        if (options.groups() != 1) sb.append(", groups=").append(options.groups());
        if (bias == null) sb.append(", bias=False");
        return sb.toString();
    }
}
