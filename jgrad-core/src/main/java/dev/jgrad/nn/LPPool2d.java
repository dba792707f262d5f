package dev.jgrad.nn;

import dev.jgrad.nn.functional.Pooling;
import dev.jgrad.tensor.Tensor;

/**
 * Power-average pooling (Σ xᵖ)^(1/p) over each window, like {@code nn.LPPool2d}; p = 1 is sum
 * pooling, p → ∞ max pooling.
 *
 * <pre>{@code
 * new LPPool2d(2, 2).call(x);
 * }</pre>
 */
public class LPPool2d extends Module {
    public final double normType;
    private final int[] kernel, stride;

    public LPPool2d(double normType, int kernelSize) {
        this(normType, new int[] {kernelSize}, null);
    }

    /** Null stride means the kernel size. */
    public LPPool2d(double normType, int[] kernelSize, int[] stride) {
        if (!(normType > 0)) throw new IllegalArgumentException("LPPool2d: norm type p must be positive, got " + normType);
        Pooling.checkWindow("LPPool2d", kernelSize, stride, null, null);
        this.normType = normType;
        this.kernel = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pooling.lpPool2d(x, normType, kernel, stride);
    }

    @Override
    public String extraRepr() {
        return "norm_type=" + LayerChecks.py(normType) + ", kernel_size=" + MaxPool2d.scalarOrTuple(kernel)
                + ", stride=" + MaxPool2d.scalarOrTuple(stride) + ", ceil_mode=False";
    }
}
