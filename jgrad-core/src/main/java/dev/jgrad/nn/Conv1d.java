package dev.jgrad.nn;

import dev.jgrad.nn.functional.Convolution;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * 1-D convolution over (N, Cin, L) or (Cin, L), like {@code nn.Conv1d}; weight (Cout, Cin/groups, k)
 * initialised like Conv2d.
 *
 * <pre>{@code
 * var conv = new Conv1d(4, 8, 3, 1, 1, 1, 1, true, gen);
 * Tensor y = conv.call(x);   // [2, 4, 50] -> [2, 8, 50]
 * }</pre>
 */
public class Conv1d extends Module {
    public final int inChannels, outChannels, kernelSize, stride, padding, dilation, groups;
    public final Parameter weight;   // (Cout, Cin/groups, k)
    public final Parameter bias;     // (Cout) or null

    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true, Generator.global());
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups, boolean bias,
                  Generator gen) {
        String name = "Conv1d(" + inChannels + "->" + outChannels + ")";
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0 || dilation <= 0 || padding < 0 || groups <= 0) {
            throw new IllegalArgumentException(name + ": channels, kernel_size, stride, dilation and groups must be positive and padding "
                    + "non-negative, got kernel_size " + kernelSize + ", stride " + stride + ", padding " + padding + ", dilation " + dilation
                    + ", groups " + groups);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": in_channels and out_channels must be divisible by groups " + groups);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        weight = DefaultInit.weight(Tensors.zeros(outChannels, inChannels / groups, kernelSize), gen);
        this.bias = DefaultInit.bias(bias, weight, outChannels, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        LayerChecks.channelsFirst("Conv1d(" + inChannels + "->" + outChannels + ")", x, inChannels, 1, "(N, " + inChannels + ", L)");
        return Convolution.conv1d(x, weight.data(), bias == null ? null : bias.data(), stride, padding, dilation, groups);
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder(inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ",), stride=(" + stride + ",)");
        if (padding != 0) sb.append(", padding=(").append(padding).append(",)");
        if (dilation != 1) sb.append(", dilation=(").append(dilation).append(",)");
        if (groups != 1) sb.append(", groups=").append(groups);
        if (bias == null) sb.append(", bias=False");
        return sb.toString();
    }
}
