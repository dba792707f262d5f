package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

import java.util.Arrays;

/**
 * Splits one dim into {@code sizes}, like {@code nn.Unflatten}.
 *
 * <pre>{@code
 * new Unflatten(1, 1, 28, 28).call(x);   // [64, 784] -> [64, 1, 28, 28]
 * }</pre>
 */
public class Unflatten extends Module {
    public final int dim;
    private final int[] sizes;

    public Unflatten(int dim, int... sizes) {
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.unflatten(dim, sizes);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + LayerChecks.tuple(sizes);
    }

    public int[] sizes() {
        return Arrays.copyOf(sizes, sizes.length);
    }
}
