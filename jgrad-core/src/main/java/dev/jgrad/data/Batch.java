package dev.jgrad.data;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * A mini-batch: inputs stacked along a new leading dim (e.g. [N, 1, 28, 28]) and targets likewise
 * (e.g. int64 [N]).
 */
public record Batch(Tensor inputs, Tensor targets) {

    public int size() {
        return inputs.size(0);
    }

    /**
     * The default collate function (PyTorch's {@code default_collate} for (input, target) pairs):
     * stacks the inputs and the targets of the examples along dim 0.
     *
     * <pre>{@code
     * Batch b = Batch.collate(List.of(digits.get(0), digits.get(1)));   // inputs [2, 1, 28, 28]
     * }</pre>
     */
    public static Batch collate(List<Example> examples) {
        if (examples.isEmpty()) throw new IllegalArgumentException("Batch.collate: no examples to stack");
        List<Tensor> inputs = new ArrayList<>(examples.size());
        List<Tensor> targets = new ArrayList<>(examples.size());
        for (Example e : examples) {
            inputs.add(e.input());
            targets.add(e.target());
        }
        return new Batch(Tensors.stack(inputs, 0), Tensors.stack(targets, 0));
    }
}
