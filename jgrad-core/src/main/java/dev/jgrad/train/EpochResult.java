package dev.jgrad.train;

import java.util.Map;

/**
 * What one epoch produced: its number (1-based), training and validation metrics (see
 * {@link EpochMetrics#compute}; validation is empty without a validation loader), the learning rate
 * at the end of the epoch, and the training time and throughput.
 */
public record EpochResult(int epoch, Map<String, Double> train, Map<String, Double> validation, double lr, double seconds,
        double samplesPerSecond) {

    /** A validation metric if there is one, else the training metric of that name (NaN if neither). */
    public double metric(String name) {
        Double v = validation.containsKey(name) ? validation.get(name) : train.get(name);
        return v == null ? Double.NaN : v;
    }
}
