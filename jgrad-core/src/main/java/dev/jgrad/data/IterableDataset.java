package dev.jgrad.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A stream of samples without random access (PyTorch's {@code IterableDataset}): logs, generators,
 * files too large to index. Batching keeps the stream's order; there is no shuffle.
 *
 * <pre>{@code
 * IterableDataset<Example> stream = () -> readRecords(path);
 * for (Batch b : stream.batched(32, Batch::collate)) train(b);
 * }</pre>
 */
@FunctionalInterface
public interface IterableDataset<T> extends Iterable<T> {

    /** Groups consecutive samples into lists of {@code batchSize} (the last may be shorter) and collates them. */
    default <B> Iterable<B> batched(int batchSize, Function<List<T>, B> collate) {
        if (batchSize <= 0) throw new IllegalArgumentException("batched: batchSize must be positive, got " + batchSize);
        return () -> new Iterator<>() {
            private final Iterator<T> samples = IterableDataset.this.iterator();

            @Override
            public boolean hasNext() {
                return samples.hasNext();
            }

            @Override
            public B next() {
                if (!samples.hasNext()) throw new NoSuchElementException("batched: no more samples");
                List<T> group = new ArrayList<>(batchSize);
                while (group.size() < batchSize && samples.hasNext()) group.add(samples.next());
                return collate.apply(group);
            }
        };
    }
}
