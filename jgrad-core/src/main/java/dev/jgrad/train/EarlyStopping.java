package dev.jgrad.train;

import java.util.List;

/**
 * Stops training when the monitored metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs. It decides from the epoch history alone, so a resumed run stops exactly
 * where the original would have.
 *
 * <pre>{@code
 * new EarlyStopping(Monitor.min("loss"), 3, 0.0);   // stop after 3 epochs without a lower validation loss
 * }</pre>
 */
public record EarlyStopping(Monitor monitor, int patience, double minDelta) {
    public EarlyStopping {
        if (patience < 1) throw new IllegalArgumentException("EarlyStopping: patience must be >= 1, got " + patience);
        if (!(minDelta >= 0)) throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0, got " + minDelta);
    }

    public boolean shouldStop(List<EpochResult> history) {
        int best = monitor.bestIndex(history, minDelta);
        return best >= 0 && history.size() - 1 - best >= patience;
    }
}
