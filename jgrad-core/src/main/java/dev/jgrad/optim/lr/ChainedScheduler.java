package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps several chainable schedulers together each epoch, so their factors multiply (e.g. a
 * constant warm-up factor on top of an exponential decay).
 *
 * <pre>{@code
 * var sched = new ChainedScheduler(List.of(new ConstantLR(opt, 0.1, 4), new ExponentialLR(opt, 0.9)));
 * }</pre>
 */
public final class ChainedScheduler implements Scheduler {
    private final List<LRScheduler> schedulers;
    private final Optimizer optimizer;
    private double[] lastLr;

    public ChainedScheduler(List<LRScheduler> schedulers) {
        for (int i = 1; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer != schedulers.get(0).optimizer) {
                throw new IllegalArgumentException("ChainedScheduler: ChainedScheduler expects all schedulers to belong to the same "
                        + "optimizer, but got schedulers at index 0 and " + i + " to be different");
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.optimizer = schedulers.get(0).optimizer;
        this.lastLr = LRScheduler.lrsOf(optimizer);
    }

    @Override
    public void step() {
        for (LRScheduler s : schedulers) s.step();
        lastLr = LRScheduler.lrsOf(optimizer);
    }

    @Override
    public double[] getLastLr() {
        return lastLr.clone();
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("_last_lr", LRScheduler.toList(lastLr));
        s.put("_schedulers", LRScheduler.stateDicts(schedulers));
        return s;
    }

    @Override
    public void loadStateDict(Map<String, Object> s) {
        lastLr = LRScheduler.toArray(s.get("_last_lr"));
        LRScheduler.loadStateDicts(schedulers, s.get("_schedulers"));
    }
}
