package dev.jgrad.data;

import dev.jgrad.data.transforms.Transform;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds the batch for a list of sample indices; {@code gen} drives the random transforms of that batch. */
@FunctionalInterface
interface BatchSource<B> {
    B load(int[] indices, Generator gen);

    /** Fetches each sample and collates the list. */
    static <T, B> BatchSource<B> collating(Dataset<T> dataset, Function<List<T>, B> collate) {
        return (indices, gen) -> {
            List<T> samples = new ArrayList<>(indices.length);
            for (int i : indices) samples.add(dataset.get(i));
            return collate.apply(samples);
        };
    }

    /**
     * Batches of examples; a {@link TensorDataset}, or a chain of {@link Subset}s over one, is
     * gathered with {@code indexSelect}. {@code inputTransform} (may be null) runs on each input.
     */
    static BatchSource<Batch> examples(Dataset<Example> dataset, Transform inputTransform) {
        TensorDataset tensors = tensorBase(dataset);
        if (tensors == null) {
            return (indices, gen) -> {
                List<Example> samples = new ArrayList<>(indices.length);
                for (int i : indices) {
                    Example e = dataset.get(i);
                    samples.add(inputTransform == null ? e : new Example(inputTransform.apply(e.input(), gen), e.target()));
                }
                return Batch.collate(samples);
            };
        }
        return (indices, gen) -> {
            int[] rows = indices.clone();
            for (Dataset<Example> d = dataset; d instanceof Subset<Example> s; d = s.dataset()) {
                for (int r = 0; r < rows.length; r++) rows[r] = s.sourceIndex(rows[r]);
            }
            Batch batch = tensors.batch(rows);
            if (inputTransform == null) return batch;
            List<Tensor> inputs = new ArrayList<>(rows.length);
            for (int r = 0; r < rows.length; r++) inputs.add(inputTransform.apply(batch.inputs().select(0, r), gen));
            return new Batch(Tensors.stack(inputs, 0), batch.targets());
        };
    }

    private static TensorDataset tensorBase(Dataset<Example> dataset) {
        Dataset<Example> d = dataset;
        while (d instanceof Subset<Example> s) d = s.dataset();
        return d instanceof TensorDataset t ? t : null;
    }
}
