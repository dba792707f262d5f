package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;

import java.util.List;

/**
 * The 1cycle policy (Smith): the lr rises from max_lr/div_factor to max_lr over the first
 * {@code pctStart} of {@code totalSteps}, then anneals to initial_lr/final_div_factor (cosine or
 * linear); with {@code threePhase} it first comes back down to initial_lr symmetrically and only
 * then anneals to the minimum. Momentum (SGD's {@code momentum}, or β₁ for Adam-like optimisers)
 * cycles inversely between max_momentum and base_momentum when {@code cycleMomentum}. Step it
 * once per batch; stepping more than totalSteps times is an error.
 *
 * <pre>{@code
 * var sched = OneCycleLR.builder(opt, 0.1, epochs * stepsPerEpoch).build();
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
    private final int totalSteps;
    private final double[] phaseEnds;
    private final String[][] phaseKeys;
    private final boolean cos;
    private final boolean cycleMomentum;
    private final boolean useBeta1;

    /** Options with PyTorch's defaults; {@code maxLr} and {@code totalSteps} are required. */
    public static final class Builder {
        private final Optimizer optimizer;
        private final double maxLr;
        private final int totalSteps;
        private double pctStart = 0.3;
        private String annealStrategy = "cos";
        private boolean cycleMomentum = true;
        private double baseMomentum = 0.85;
        private double maxMomentum = 0.95;
        private double divFactor = 25.;
        private double finalDivFactor = 1e4;
        private boolean threePhase = false;

        private Builder(Optimizer optimizer, double maxLr, int totalSteps) {
            this.optimizer = optimizer;
            this.maxLr = maxLr;
            this.totalSteps = totalSteps;
        }
        public Builder pctStart(double v) { pctStart = v; return this; }
        /** {@code "cos"} (default) or {@code "linear"}. */
        public Builder annealStrategy(String v) { annealStrategy = v; return this; }
        public Builder cycleMomentum(boolean v) { cycleMomentum = v; return this; }
        public Builder baseMomentum(double v) { baseMomentum = v; return this; }
        public Builder maxMomentum(double v) { maxMomentum = v; return this; }
        public Builder divFactor(double v) { divFactor = v; return this; }
        public Builder finalDivFactor(double v) { finalDivFactor = v; return this; }
        public Builder threePhase(boolean v) { threePhase = v; return this; }
        public OneCycleLR build() { return new OneCycleLR(this); }
    }

    public static Builder builder(Optimizer optimizer, double maxLr, int totalSteps) {
        return new Builder(optimizer, maxLr, totalSteps);
    }

    private OneCycleLR(Builder b) {
        super(b.optimizer);
        if (b.totalSteps <= 0) throw new IllegalArgumentException("OneCycleLR: Expected positive integer total_steps, but got " + b.totalSteps);
        if (b.pctStart < 0 || b.pctStart > 1) throw new IllegalArgumentException("OneCycleLR: Expected float between 0 and 1 pct_start, but got " + b.pctStart);
        if (!b.annealStrategy.equals("cos") && !b.annealStrategy.equals("linear")) {
            throw new IllegalArgumentException("OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got " + b.annealStrategy);
        }
        totalSteps = b.totalSteps;
        cos = b.annealStrategy.equals("cos");
        if (b.threePhase) {
            phaseEnds = new double[] {b.pctStart * totalSteps - 1, 2 * b.pctStart * totalSteps - 2, totalSteps - 1};
            phaseKeys = new String[][] {
                {"initial_lr", "max_lr", "max_momentum", "base_momentum"},
                {"max_lr", "initial_lr", "base_momentum", "max_momentum"},
                {"initial_lr", "min_lr", "max_momentum", "max_momentum"}};
        } else {
            phaseEnds = new double[] {b.pctStart * totalSteps - 1, totalSteps - 1};
            phaseKeys = new String[][] {
                {"initial_lr", "max_lr", "max_momentum", "base_momentum"},
                {"max_lr", "min_lr", "base_momentum", "max_momentum"}};
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            g.set("initial_lr", b.maxLr / b.divFactor);
            g.set("max_lr", b.maxLr);
            g.set("min_lr", g.getDouble("initial_lr") / b.finalDivFactor);
            baseLrs[i] = g.getDouble("initial_lr");
        }
        cycleMomentum = b.cycleMomentum;
        useBeta1 = optimizer.defaults().containsKey("betas");
        if (cycleMomentum) {
            if (!useBeta1 && !optimizer.defaults().containsKey("momentum")) {
                throw new IllegalArgumentException("OneCycleLR: optimizer " + optimizer.name() + " must support momentum with `cycle_momentum` option enabled");
            }
            for (ParamGroup g : groups) {
                setMomentum(g, b.maxMomentum);
                g.set("max_momentum", b.maxMomentum);
                g.set("base_momentum", b.baseMomentum);
            }
        }
        initialStep();
    }

    private void setMomentum(ParamGroup g, double m) {
        if (useBeta1) g.set("betas", List.of(m, g.betas()[1]));
        else g.set("momentum", m);
    }

    private double anneal(double start, double end, double pct) {
        return cos ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch > totalSteps) {
            throw new IllegalStateException("OneCycleLR: Tried to step " + (lastEpoch + 1) + " times. The specified number of total steps is " + totalSteps);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            double startStep = 0;
            for (int i = 0; i < phaseEnds.length; i++) {
                double endStep = phaseEnds[i];
                if (lastEpoch <= endStep || i == phaseEnds.length - 1) {
                    double pct = (lastEpoch - startStep) / (endStep - startStep);
                    String[] k = phaseKeys[i];
                    lrs[gi] = anneal(g.getDouble(k[0]), g.getDouble(k[1]), pct);
                    if (cycleMomentum) setMomentum(g, anneal(g.getDouble(k[2]), g.getDouble(k[3]), pct));
                    break;
                }
                startStep = endStep;
            }
        }
        return lrs;
    }
}
