package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs schedulers one after another, switching at the milestones (PyTorch's
 * {@code SequentialLR}): scheduler i is in charge from milestone i−1 on, and is restarted at its
 * epoch 0 (closed form) when it takes over. The sub-schedulers must already be built on the same
 * optimiser; construction rewinds them as PyTorch does.
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 10);
 * var cosine = new CosineAnnealingLR(opt, 190);
 * var sched = new SequentialLR(opt, List.of(warmup, cosine), new int[] {10});
 * }</pre>
 */
public final class SequentialLR implements Scheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;
    private int lastEpoch;
    private double[] lastLr;

    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer != optimizer) {
                throw new IllegalArgumentException("SequentialLR: Sequential Schedulers expects all schedulers to belong to the same "
                        + "optimizer, but got schedulers at index " + i + " to be different than the optimizer passed in.");
            }
        }
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more "
                    + "than the number of milestone points, but got number of schedulers " + schedulers.size()
                    + " and the number of milestones to be equal to " + milestones.length);
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        this.lastEpoch = 0;
        for (ParamGroup g : optimizer.paramGroups()) g.setLr(g.getDouble("initial_lr"));
        for (LRScheduler s : this.schedulers) s.lastEpoch -= 1;
        this.schedulers.get(0).initialStep();
        this.lastLr = this.schedulers.get(0).getLastLr();
    }

    @Override
    public void step() {
        lastEpoch++;
        int idx = bisectRight(milestones, lastEpoch);
        LRScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) s.step(0);
        else s.step();
        lastLr = s.getLastLr();
    }

    private static int bisectRight(int[] sorted, int x) {
        int i = 0;
        while (i < sorted.length && sorted[i] <= x) i++;
        return i;
    }

    @Override
    public double[] getLastLr() {
        return lastLr.clone();
    }

    /** {@code last_epoch}, {@code _milestones}, {@code _last_lr} and {@code _schedulers} (their state dicts). */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("last_epoch", lastEpoch);
        s.put("_milestones", Arrays.stream(milestones).boxed().toList());
        s.put("_last_lr", LRScheduler.toList(lastLr));
        s.put("_schedulers", LRScheduler.stateDicts(schedulers));
        return s;
    }

    @Override
    public void loadStateDict(Map<String, Object> s) {
        lastEpoch = ((Number) s.get("last_epoch")).intValue();
        lastLr = LRScheduler.toArray(s.get("_last_lr"));
        LRScheduler.loadStateDicts(schedulers, s.get("_schedulers"));
    }
}
