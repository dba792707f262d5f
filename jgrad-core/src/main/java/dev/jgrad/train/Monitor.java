package dev.jgrad.train;

import java.util.List;

/**
 * A metric to watch across epochs ("loss", "accuracy", ...: the validation value when there is one,
 * else the training one) and which direction is better.
 *
 * <pre>{@code
 * Monitor.max("accuracy").bestIndex(history);   // the epoch index with the highest accuracy
 * }</pre>
 */
public record Monitor(String metric, boolean higherIsBetter) {
    public static Monitor max(String metric) {
        return new Monitor(metric, true);
    }

    public static Monitor min(String metric) {
        return new Monitor(metric, false);
    }

    /** Whether {@code value} beats {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best, double minDelta) {
        return higherIsBetter ? value > best + minDelta : value < best - minDelta;
    }

    /** Index of the first epoch that no later epoch beat by more than {@code minDelta}; -1 for an empty history. */
    public int bestIndex(List<EpochResult> history, double minDelta) {
        int best = -1;
        for (int i = 0; i < history.size(); i++) {
            if (best < 0 || improves(history.get(i).metric(metric), history.get(best).metric(metric), minDelta)) best = i;
        }
        return best;
    }
}
