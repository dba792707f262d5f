package dev.jgrad.data;

import dev.jgrad.data.transforms.Transform;
import dev.jgrad.tensor.Generator;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Batches a dataset epoch after epoch (PyTorch's {@code DataLoader}). The order of epoch e is fixed
 * by (seed, e) alone: {@link Permutations#portable}{@code (n, seed + e)} when shuffling, 0..n−1
 * otherwise; random input transforms draw from a generator derived from (seed, epoch, batch). So
 * the batches are the same with or without prefetch, and resuming at a batch index gives exactly
 * the batches an uninterrupted run would have seen.
 *
 * <p>With {@code prefetch > 0}, a background thread prepares the next batches into a bounded
 * queue. Close iterators left unfinished (or the loader, which closes them all).
 *
 * <pre>{@code
 * try (var loader = DataLoader.of(train, LoaderOptions.of(64).withShuffle(0))) {
 *     for (int epoch = 0; epoch < 3; epoch++) {
 *         for (Batch b : loader.epoch(epoch)) step(b.inputs(), b.targets());
 *     }
 * }
 * }</pre>
 */
public final class DataLoader<B> implements Iterable<B>, AutoCloseable {
    private final int datasetSize;
    private final LoaderOptions options;
    private final BatchSource<B> source;
    private final Set<BatchIterator<B>> open = ConcurrentHashMap.newKeySet();
    private int nextEpoch;
    private volatile boolean closed;

    private DataLoader(int datasetSize, LoaderOptions options, BatchSource<B> source) {
        this.datasetSize = datasetSize;
        this.options = options;
        this.source = source;
    }

    /** Batches of examples stacked into {@link Batch}es (a {@link TensorDataset} is gathered directly). */
    public static DataLoader<Batch> of(Dataset<Example> dataset, LoaderOptions options) {
        return new DataLoader<>(dataset.size(), options, BatchSource.examples(dataset, null));
    }

    /**
     * Like {@link #of(Dataset, LoaderOptions)}, with {@code inputTransform} applied to every input
     * (e.g. random crop and flip for training).
     */
    public static DataLoader<Batch> of(Dataset<Example> dataset, LoaderOptions options, Transform inputTransform) {
        return new DataLoader<>(dataset.size(), options, BatchSource.examples(dataset, inputTransform));
    }

    /** Batches of any sample type, built by {@code collate} from the list of samples. */
    public static <T, B> DataLoader<B> withCollate(Dataset<T> dataset, LoaderOptions options, Function<List<T>, B> collate) {
        return new DataLoader<>(dataset.size(), options, BatchSource.collating(dataset, collate));
    }

    public LoaderOptions options() {
        return options;
    }

    public int datasetSize() {
        return datasetSize;
    }

    /** Batches per epoch: {@code ceil(n / batchSize)}, or {@code floor} with dropLast. */
    public int numBatches() {
        int b = options.batchSize();
        return options.dropLast() ? datasetSize / b : (datasetSize + b - 1) / b;
    }

    /** The sample indices of {@code epoch}, in visiting order. */
    public int[] order(int epoch) {
        return options.shuffle() ? Permutations.portable(datasetSize, options.seed() + epoch) : Permutations.identity(datasetSize);
    }

    /** The batches of {@code epoch} from {@code startBatch} on (0 = the whole epoch). */
    public BatchIterator<B> iterator(int epoch, int startBatch) {
        if (closed) throw new IllegalStateException("DataLoader: already closed");
        int total = numBatches();
        if (startBatch < 0 || startBatch > total) {
            throw new IndexOutOfBoundsException("DataLoader: start batch " + startBatch + " is outside [0, " + total + "]");
        }
        BatchIterator<B> it = new BatchIterator<>(this, epoch, startBatch);
        open.add(it);
        it.start();
        return it;
    }

    /**
     * The next epoch's batches: the first call iterates epoch 0, the next epoch 1, and so on (as each
     * {@code for} loop over a PyTorch loader reshuffles). Use {@link #epoch(int)} to choose.
     */
    @Override
    public BatchIterator<B> iterator() {
        return iterator(nextEpoch++, 0);
    }

    /** The batches of one epoch, for a for-each loop. */
    public Iterable<B> epoch(int epoch) {
        return () -> iterator(epoch, 0);
    }

    /** Stops every prefetch thread; the loader cannot be iterated afterwards. */
    @Override
    public void close() {
        closed = true;
        for (BatchIterator<B> it : open) it.close();
    }

    B loadBatch(int[] order, int epoch, int batch) {
        int from = batch * options.batchSize();
        int to = Math.min(from + options.batchSize(), datasetSize);
        int[] indices = Arrays.copyOfRange(order, from, to);
        return source.load(indices, new Generator(Permutations.derivedSeed(options.seed(), epoch, batch)));
    }

    void finished(BatchIterator<B> it) {
        open.remove(it);
    }
}
