package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;

/**
 * x clamped to [min, max] (default [−1, 1]), like {@code nn.Hardtanh}.
 *
 * <pre>{@code
 * Tensor y = new Hardtanh(-2, 2).call(x);
 * }</pre>
 */
public class Hardtanh extends Module {
    public final double minVal, maxVal;

    public Hardtanh() {
        this(-1, 1);
    }

    public Hardtanh(double minVal, double maxVal) {
        if (!(minVal <= maxVal)) throw new IllegalArgumentException("Hardtanh: min_val " + minVal + " must not exceed max_val " + maxVal);
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Activations.hardtanh(x, minVal, maxVal);
    }

    @Override
    public String extraRepr() {
        return "min_val=" + LayerChecks.py(minVal) + ", max_val=" + LayerChecks.py(maxVal);
    }
}
