package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import java.util.function.IntToDoubleFunction;

/**
 * Per-channel statistics of a training split, to build the {@link Normalize} used on every split.
 *
 * <pre>{@code
 * Normalization.Stats stats = Normalization.compute(train.inputs());   // Fashion-MNIST: 0.2860, 0.3530
 * Transform normalize = stats.normalize();
 * }</pre>
 */
public final class Normalization {
    private Normalization() {}

    /** Mean and population standard deviation (numpy's {@code std}) of each channel. */
    public record Stats(double[] mean, double[] std) {
        public Normalize normalize() {
            return new Normalize(mean, std);
        }
    }

    /**
     * Statistics over all samples and positions of each channel: dim 1 of [N, C, ...] inputs, in
     * double precision (one pass for the mean, one for the spread).
     */
    public static Stats compute(Tensor inputs) {
        if (inputs.dim() < 2) {
            throw new IllegalArgumentException("Normalization.compute: expected inputs [N, C, ...], got " + Shape.str(inputs.shape()));
        }
        int n = inputs.size(0), channels = inputs.size(1);
        int inner = n * channels == 0 ? 0 : inputs.numel() / (n * channels);
        if ((long) n * inner == 0) {
            throw new IllegalArgumentException("Normalization.compute: no values in inputs " + Shape.str(inputs.shape()));
        }
        IntToDoubleFunction x = reader(inputs);
        double[] mean = new double[channels], std = new double[channels];
        long count = (long) n * inner;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int k = 0; k < inner; k++) sum += x.applyAsDouble(base + k);
            }
            double m = sum / count;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int k = 0; k < inner; k++) {
                    double d = x.applyAsDouble(base + k) - m;
                    squares += d * d;
                }
            }
            mean[c] = m;
            std[c] = Math.sqrt(squares / count);
        }
        return new Stats(mean, std);
    }

    /** Element i of the tensor in row-major order, without copying a contiguous float32 dataset. */
    private static IntToDoubleFunction reader(Tensor t) {
        if (t.isContiguous() && t.storage() instanceof Storage.F32 f) {
            float[] data = f.data;
            int offset = t.storageOffset();
            return i -> data[offset + i];
        }
        double[] data = t.contiguous().toDoubleArray();
        return i -> data[i];
    }
}
