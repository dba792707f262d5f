package dev.jgrad.train;

import java.util.List;
import java.util.Map;

/**
 * What a model file says about its model, so that it can be rebuilt and used without the run that
 * made it: the zoo architecture name, the input shape [C, H, W], class names, the dataset it was
 * trained on (free-form, e.g. {@code {"name": "bundled-mnist", "train": 8000, "held_out": 2000}}),
 * the input normalisation (per-channel mean and std; empty arrays for none), the batch size
 * used for evaluation, and its final metrics.
 */
public record ModelInfo(String architecture, int[] inputShape, List<String> classes, Map<String, Object> dataset, double[] mean,
        double[] std, int evalBatchSize, Map<String, Double> metrics) {
    public ModelInfo {
        if (inputShape.length != 3) throw new IllegalArgumentException("ModelInfo: inputShape must be [C, H, W], got " + inputShape.length + " dims");
        if (mean.length != std.length) throw new IllegalArgumentException("ModelInfo: mean and std lengths differ: " + mean.length + " vs " + std.length);
    }

    public ModelInfo withMetrics(Map<String, Double> newMetrics) {
        return new ModelInfo(architecture, inputShape, classes, dataset, mean, std, evalBatchSize, Map.copyOf(newMetrics));
    }
}
