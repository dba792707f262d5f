package dev.jgrad.optim.lr;

import java.util.Map;

/** Anything stepped once per epoch or iteration that sets learning rates: every {@link LRScheduler}, {@link SequentialLR}, {@link ChainedScheduler}. */
public interface Scheduler {
    void step();

    /** The rates the last step set, one per parameter group. */
    double[] getLastLr();

    Map<String, Object> stateDict();

    void loadStateDict(Map<String, Object> state);
}
