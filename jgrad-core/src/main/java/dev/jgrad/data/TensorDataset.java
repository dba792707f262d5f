package dev.jgrad.data;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Samples held in two tensors that share their leading dim: inputs (N, ...) and targets (N, ...).
 * {@link DataLoader} gathers a whole batch of it with one {@code indexSelect} per tensor instead of
 * stacking examples one by one.
 *
 * <pre>{@code
 * var data = new TensorDataset(Tensors.randn(new int[] {100, 4}, gen), Tensors.zeros(new int[] {100}, DType.INT64));
 * data.get(3).input();   // [4]
 * }</pre>
 */
public class TensorDataset implements Dataset<Example> {
    private final Tensor inputs;  // (N, ...)
    private final Tensor targets; // (N, ...)

    public TensorDataset(Tensor inputs, Tensor targets) {
        if (inputs.dim() == 0 || targets.dim() == 0) {
            throw new IllegalArgumentException("TensorDataset: inputs and targets need a leading sample dim, got "
                    + Shape.str(inputs.shape()) + " and " + Shape.str(targets.shape()));
        }
        if (inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: size mismatch between tensors: inputs "
                    + Shape.str(inputs.shape()) + " has " + inputs.size(0) + " samples, targets "
                    + Shape.str(targets.shape()) + " has " + targets.size(0));
        }
        this.inputs = inputs.detach();
        this.targets = targets.detach();
    }

    public Tensor inputs() {
        return inputs;
    }

    public Tensor targets() {
        return targets;
    }

    @Override
    public int size() {
        return inputs.size(0);
    }

    @Override
    public Example get(int index) {
        return new Example(inputs.select(0, index), targets.select(0, index));
    }

    /** The samples at {@code indices}, in that order, as one batch (two {@code indexSelect} calls). */
    public Batch batch(int[] indices) {
        long[] idx = new long[indices.length];
        for (int i = 0; i < idx.length; i++) idx[i] = indices[i];
        Tensor index = Tensors.fromArray(idx, idx.length);
        return new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index));
    }
}
