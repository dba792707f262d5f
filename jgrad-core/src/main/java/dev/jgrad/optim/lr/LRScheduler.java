package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.StateCopies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the epoch/step learning-rate schedules, following PyTorch's {@code LRScheduler}:
 * construction performs the initial step (sets each group's lr for epoch 0 and records
 * {@code "initial_lr"} in the groups), and each {@link #step()} advances {@code lastEpoch} and
 * writes the new rates into the optimiser's groups. Most schedules are chainable: they multiply
 * the group's current lr, so several schedulers can act on one optimiser.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *     train(opt);            // opt.step() inside
 *     sched.step();
 * }
 * }</pre>
 *
 * <p>Subclasses set their fields and then call {@link #initialStep()} at the end of their
 * constructor (a Java superclass constructor cannot see the subclass's fields).
 */
public abstract class LRScheduler implements Scheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    protected int lastEpoch = -1;
    protected int stepCount;
    private double[] lastLr;

    /** A schedule over {@code optimizer}'s groups, starting from their current lr. */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) g.set("initial_lr", g.lr());
            baseLrs[i] = g.getDouble("initial_lr");
        }
    }

    /** The rates for {@code lastEpoch} (chainable form: may read the groups' current lr). */
    protected abstract double[] computeLr();

    /** The closed-form rates for {@code lastEpoch}, used by {@link #step(int)}; defaults to {@link #computeLr()}. */
    protected double[] closedFormLr() {
        return computeLr();
    }

    /** Epoch 0: called once at the end of each subclass constructor. */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    /** Advances one epoch (or iteration) and sets the groups' learning rates. */
    @Override
    public void step() {
        stepCount++;
        lastEpoch++;
        apply(computeLr());
    }

    /** Jumps to {@code epoch} using the closed form (PyTorch's deprecated {@code step(epoch)}; used by {@link SequentialLR}). */
    public void step(int epoch) {
        stepCount++;
        lastEpoch = epoch;
        apply(closedFormLr());
    }

    protected final void apply(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) groups.get(i).setLr(lrs[i]);
        lastLr = currentLrs();
    }

    protected final double[] currentLrs() {
        return lrsOf(optimizer);
    }

    /** Each group's lr now. */
    static double[] lrsOf(Optimizer optimizer) {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) out[i] = groups.get(i).lr();
        return out;
    }

    /** The rates the last step set, one per group. */
    @Override
    public double[] getLastLr() {
        return lastLr.clone();
    }

    public int lastEpoch() {
        return lastEpoch;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The scheduler's mutable state: {@code last_epoch}, {@code _step_count} (Integer),
     * {@code base_lrs}, {@code _last_lr} (List of Double) plus subclass fields.
     */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("last_epoch", lastEpoch);
        s.put("_step_count", stepCount);
        s.put("base_lrs", toList(baseLrs));
        s.put("_last_lr", toList(lastLr));
        saveExtra(s);
        return s;
    }

    @Override
    public void loadStateDict(Map<String, Object> s) {
        lastEpoch = ((Number) s.get("last_epoch")).intValue();
        stepCount = ((Number) s.get("_step_count")).intValue();
        double[] b = toArray(s.get("base_lrs"));
        System.arraycopy(b, 0, baseLrs, 0, baseLrs.length);
        lastLr = toArray(s.get("_last_lr"));
        loadExtra(StateCopies.copyMap(s));
    }

    /** Subclasses add their mutable fields. */
    protected void saveExtra(Map<String, Object> s) {}

    protected void loadExtra(Map<String, Object> s) {}

    static List<Object> toList(double[] v) {
        List<Object> out = new ArrayList<>();
        if (v != null) for (double x : v) out.add(x);
        return out;
    }

    /** The state dicts of the schedulers a composite one drives, in order. */
    static List<Object> stateDicts(List<LRScheduler> schedulers) {
        List<Object> out = new ArrayList<>();
        for (LRScheduler s : schedulers) out.add(s.stateDict());
        return out;
    }

    /** Loads what {@link #stateDicts} saved into the same schedulers. */
    @SuppressWarnings("unchecked")
    static void loadStateDicts(List<LRScheduler> schedulers, Object saved) {
        List<?> states = (List<?>) saved;
        for (int i = 0; i < schedulers.size(); i++) schedulers.get(i).loadStateDict((Map<String, Object>) states.get(i));
    }

    static double[] toArray(Object list) {
        List<?> l = (List<?>) list;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).doubleValue();
        return out;
    }

    /** Each group's current lr times {@code f}. */
    protected final double[] scaled(double f) {
        double[] lrs = currentLrs();
        for (int i = 0; i < lrs.length; i++) lrs[i] *= f;
        return lrs;
    }
}
