package dev.jgrad.nn;

import dev.jgrad.nn.functional.Pooling;
import dev.jgrad.tensor.Tensor;

/**
 * Average pooling to a fixed output size (OH, OW) whatever the input size; size 1 is global
 * average pooling.
 *
 * <pre>{@code
 * new AdaptiveAvgPool2d(1).call(x);   // [8, 64, 7, 7] -> [8, 64, 1, 1]
 * }</pre>
 */
public class AdaptiveAvgPool2d extends Module {
    private final int[] outputSize;

    public AdaptiveAvgPool2d(int... outputSize) {
        this.outputSize = outputSize.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pooling.adaptiveAvgPool2d(x, outputSize);
    }

    @Override
    public String extraRepr() {
        return "output_size=" + MaxPool2d.scalarOrTuple(outputSize);
    }
}
