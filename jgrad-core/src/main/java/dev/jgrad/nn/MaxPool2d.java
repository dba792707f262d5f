package dev.jgrad.nn;

import dev.jgrad.nn.functional.Pooling;
import dev.jgrad.tensor.Tensor;

/**
 * Max pooling over (N, C, H, W) or (C, H, W), like {@code nn.MaxPool2d}; stride defaults to the
 * kernel size. {@link #forwardWithIndices} also returns the flat argmax positions per plane,
 * for {@link MaxUnpool2d}.
 *
 * <pre>{@code
 * new MaxPool2d(2).call(x);   // [8, 6, 28, 28] -> [8, 6, 14, 14]
 * }</pre>
 */
public class MaxPool2d extends Module {
    private final int[] kernel, stride, padding, dilation;
    public final boolean ceilMode;

    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public MaxPool2d(int kernelSize, int stride) {
        this(kernelSize, stride, 0);
    }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, false);
    }

    /** Null stride means the kernel size. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        Pooling.checkWindow("MaxPool2d", kernelSize, stride, padding, dilation);
        this.kernel = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding == null ? new int[] {0} : padding.clone();
        this.dilation = dilation == null ? new int[] {1} : dilation.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pooling.maxPool2d(x, kernel, stride, padding, dilation, ceilMode);
    }

    /**
     * {@code call(relu(x))} as one fused step ({@link Pooling#reluMaxPool2d}): same values and
     * gradients, the ReLU on the pooled quarter. A module with hooks is called normally on relu(x)
     * so that its hooks see their usual input.
     */
    public Tensor callAfterRelu(Tensor x) {
        return hasHooks() ? call(x.relu()) : Pooling.reluMaxPool2d(x, kernel, stride, padding, dilation, ceilMode);
    }

    /** Values and flat indices (h · W + w within each plane), PyTorch's return_indices=True. */
    public Tensor.ValuesIndices forwardWithIndices(Tensor x) {
        return Pooling.maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + scalarOrTuple(kernel) + ", stride=" + scalarOrTuple(stride) + ", padding=" + scalarOrTuple(padding)
                + ", dilation=" + scalarOrTuple(dilation) + ", ceil_mode=" + LayerChecks.bool(ceilMode);
    }

    static String scalarOrTuple(int[] v) {
        return v.length == 1 ? Integer.toString(v[0]) : LayerChecks.tuple(v);
    }
}
