package dev.jgrad.data;

/**
 * A map-style dataset: {@code size()} samples addressed by index, like PyTorch's
 * {@code torch.utils.data.Dataset}.
 *
 * <pre>{@code
 * Dataset<Example> digits = MnistDatasets.bundled();
 * Example first = digits.get(0);   // input [1, 28, 28], target int64 scalar
 * }</pre>
 */
public interface Dataset<T> {
    int size();

    /** The sample at {@code index}, {@code 0 <= index < size()}. */
    T get(int index);
}
