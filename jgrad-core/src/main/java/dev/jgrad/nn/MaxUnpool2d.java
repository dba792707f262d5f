package dev.jgrad.nn;

import dev.jgrad.nn.functional.Pooling;
import dev.jgrad.tensor.Tensor;

/**
 * Partial inverse of {@link MaxPool2d}: puts each value back at its argmax position, zeros
 * elsewhere. Needs the indices: use {@link #forward(Tensor, Tensor, int[])}.
 *
 * <pre>{@code
 * var pooled = new MaxPool2d(2).forwardWithIndices(x);
 * Tensor restored = new MaxUnpool2d(2).forward(pooled.values(), pooled.indices(), null);
 * }</pre>
 */
public class MaxUnpool2d extends Module {
    private final int[] kernel, stride, padding;

    public MaxUnpool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0});
    }

    /** Null stride means the kernel size. */
    public MaxUnpool2d(int[] kernelSize, int[] stride, int[] padding) {
        this.kernel = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding == null ? new int[] {0} : padding.clone();
    }

    /** outputSize (H, W) may be null (then inferred from kernel, stride and padding). */
    public Tensor forward(Tensor x, Tensor indices, int[] outputSize) {
        return Pooling.maxUnpool2d(x, indices, kernel, stride, padding, outputSize);
    }

    /** Unpooling needs indices. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("MaxUnpool2d needs the pooling indices: use forward(x, indices, outputSize)");
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + LayerChecks.tuple(pairOf(kernel)) + ", stride=" + LayerChecks.tuple(pairOf(stride))
                + ", padding=" + LayerChecks.tuple(pairOf(padding));
    }

    private static int[] pairOf(int[] v) {
        return v.length == 1 ? new int[] {v[0], v[0]} : v;
    }
}
