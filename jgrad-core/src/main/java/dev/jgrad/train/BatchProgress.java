package dev.jgrad.train;

import java.util.Map;

/**
 * Where training stands after a batch, for progress displays: epoch (1-based) of {@code epochs},
 * batch (1-based) of {@code numBatches}, the epoch's running metrics, the learning rate, and samples
 * per second since the epoch (or the resumed part of it) started.
 */
public record BatchProgress(int epoch, int epochs, int batch, int numBatches, Map<String, Double> running, double lr,
        double samplesPerSecond) {}
