package dev.jgrad.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches of one epoch of a {@link DataLoader}, in order. {@link #nextBatchIndex()} is the
 * position to save in a checkpoint and pass back to {@code loader.iterator(epoch, startBatch)}.
 * Closing it stops its prefetch thread; it closes itself after the last batch.
 */
public final class BatchIterator<B> implements Iterator<B>, AutoCloseable {
    private final DataLoader<B> loader;
    private final int epoch;
    private final int total;
    private final int[] order;
    private final BlockingQueue<Object> ready; // null without prefetch; holds batches or Failure
    private Thread producer;
    private int nextBatch;
    private volatile boolean closed;

    private record Failure(Throwable error) {}

    BatchIterator(DataLoader<B> loader, int epoch, int startBatch) {
        this.loader = loader;
        this.epoch = epoch;
        this.total = loader.numBatches();
        this.order = loader.order(epoch);
        this.nextBatch = startBatch;
        int prefetch = loader.options().prefetch();
        this.ready = prefetch > 0 ? new ArrayBlockingQueue<>(prefetch) : null;
    }

    void start() {
        if (ready == null || nextBatch >= total) return;
        int first = nextBatch;
        producer = Thread.ofPlatform().daemon().name("jgrad-loader-epoch-" + epoch).start(() -> produce(first));
    }

    private void produce(int first) {
        try {
            for (int b = first; b < total && !closed; b++) {
                Object item;
                try {
                    item = loader.loadBatch(order, epoch, b);
                } catch (RuntimeException | Error e) {
                    ready.put(new Failure(e));
                    return;
                }
                ready.put(item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int epoch() {
        return epoch;
    }

    /** Index within the epoch of the batch {@link #next()} returns next. */
    public int nextBatchIndex() {
        return nextBatch;
    }

    @Override
    public boolean hasNext() {
        return !closed && nextBatch < total;
    }

    @Override
    @SuppressWarnings("unchecked")
    public B next() {
        if (closed) throw new IllegalStateException("DataLoader: iterator of epoch " + epoch + " is closed");
        if (nextBatch >= total) throw new NoSuchElementException("DataLoader: epoch " + epoch + " has only " + total + " batches");
        Object item = ready == null ? loader.loadBatch(order, epoch, nextBatch) : take();
        nextBatch++;
        if (nextBatch == total) close();
        if (item instanceof Failure f) {
            close();
            if (f.error() instanceof RuntimeException r) throw r;
            throw (Error) f.error();
        }
        return (B) item;
    }

    private Object take() {
        try {
            return ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + nextBatch + " of epoch " + epoch, e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (producer != null) producer.interrupt();
        loader.finished(this);
    }
}
