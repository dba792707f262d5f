package dev.jgrad.nn;

import dev.jgrad.nn.init.Init;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/** PyTorch's {@code reset_parameters()} of Linear and the convolutions, shared so they cannot drift apart. */
final class DefaultInit {
    private DefaultInit() {}

    /** {@code kaiming_uniform_(w, a=√5)}, which is U(±1/√fan_in). */
    static Parameter weight(Tensor w, Generator gen) {
        Init.kaimingUniform_(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", gen);
        return new Parameter(w);
    }

    /** A bias of {@code size} drawn from U(±1/√fan_in of the weight), or null when the layer has none. */
    static Parameter bias(boolean enabled, Parameter weight, int size, Generator gen) {
        if (!enabled) return null;
        double bound = 1 / Math.sqrt(Init.fanIn(weight.data()));
        return new Parameter(Init.uniform_(Tensors.zeros(size), -bound, bound, gen));
    }
}
