package dev.jgrad.nn;

import dev.jgrad.nn.functional.Pooling;
import dev.jgrad.tensor.Tensor;

/**
 * Average pooling, like {@code nn.AvgPool2d}; stride defaults to the kernel size. Sum pooling is
 * {@code avg × kernel area} (or {@link LPPool2d} with p = 1).
 *
 * <pre>{@code
 * new AvgPool2d(2).call(x);   // [8, 6, 28, 28] -> [8, 6, 14, 14]
 * }</pre>
 */
public class AvgPool2d extends Module {
    private final int[] kernel, stride, padding;
    public final boolean ceilMode, countIncludePad;

    public AvgPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, false, true);
    }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true);
    }

    /** Null stride means the kernel size. */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        Pooling.checkWindow("AvgPool2d", kernelSize, stride, padding, null);
        this.kernel = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding == null ? new int[] {0} : padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pooling.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + MaxPool2d.scalarOrTuple(kernel) + ", stride=" + MaxPool2d.scalarOrTuple(stride)
                + ", padding=" + MaxPool2d.scalarOrTuple(padding);
    }
}
