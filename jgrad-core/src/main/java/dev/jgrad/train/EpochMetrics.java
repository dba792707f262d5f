package dev.jgrad.train;

import dev.jgrad.tensor.Tensor;
import java.util.Map;

/**
 * Accumulates metrics over the batches of one epoch (or one evaluation pass). Its state can be
 * saved in a checkpoint taken in the middle of an epoch, so a resumed run reports the same numbers.
 *
 * <pre>{@code
 * EpochMetrics m = new ClassificationMetrics(10, 5);
 * m.update(logits, targets, loss.item());
 * m.compute();   // {loss=0.31, accuracy=0.91, top5_accuracy=0.99}
 * }</pre>
 */
public interface EpochMetrics {
    /** Adds one batch: model outputs (detached), targets, and the batch's mean loss. */
    void update(Tensor outputs, Tensor targets, double meanLoss);

    /** Number of samples seen. */
    long count();

    /** Metric name to value; always contains {@code "loss"} (the sample-weighted mean). */
    Map<String, Double> compute();

    /** Everything {@link #loadStateDict} needs: numbers and lists of numbers only. */
    Map<String, Object> stateDict();

    void loadStateDict(Map<String, Object> state);
}
