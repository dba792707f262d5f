package dev.jgrad.train;

import java.nio.file.Path;

/** Callbacks from {@link Trainer#fit}: progress bars, loggers, plots. Every method does nothing by default. */
public interface TrainingListener {
    /** An epoch (1-based) starts, at {@code firstBatch} (0 unless resumed in the middle of it). */
    default void onEpochStart(int epoch, int numBatches, int firstBatch) {}

    default void onBatchEnd(BatchProgress progress) {}

    default void onEpochEnd(EpochResult result) {}

    default void onCheckpoint(Path file) {}
}
