package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the lr by {@code factor} when a metric stops improving for more than {@code patience}
 * epochs, as PyTorch's {@code ReduceLROnPlateau}. "Improving" means, for mode min,
 * {@code metric < best·(1 − threshold)} (threshold_mode rel) or {@code metric < best − threshold}
 * (abs); for mode max the mirror image. After a cut, {@code cooldown} epochs pass before bad
 * epochs count again; the lr never goes below {@code minLr}, and cuts smaller than {@code eps}
 * are skipped.
 *
 * <pre>{@code
 * var plateau = ReduceLROnPlateau.builder(opt).patience(5).factor(0.5).build();
 * plateau.step(validationLoss);
 * }</pre>
 */
public final class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private final boolean max;
    private final boolean relative;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private double[] lastLr;

    /** Options with PyTorch's defaults: mode min, factor 0.1, patience 10, threshold 1e-4 rel, cooldown 0, min_lr 0, eps 1e-8. */
    public static final class Builder {
        private final Optimizer optimizer;
        private String mode = "min";
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private String thresholdMode = "rel";
        private int cooldown = 0;
        private double minLr = 0;
        private double eps = 1e-8;

        private Builder(Optimizer optimizer) {
            this.optimizer = optimizer;
        }
        /** {@code "min"} or {@code "max"}. */
        public Builder mode(String v) { mode = v; return this; }
        public Builder factor(double v) { factor = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder threshold(double v) { threshold = v; return this; }
        /** {@code "rel"} or {@code "abs"}. */
        public Builder thresholdMode(String v) { thresholdMode = v; return this; }
        public Builder cooldown(int v) { cooldown = v; return this; }
        public Builder minLr(double v) { minLr = v; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public ReduceLROnPlateau build() { return new ReduceLROnPlateau(this); }
    }

    public static Builder builder(Optimizer optimizer) {
        return new Builder(optimizer);
    }

    private ReduceLROnPlateau(Builder b) {
        if (b.factor >= 1.0) throw new IllegalArgumentException("ReduceLROnPlateau: Factor should be < 1.0, got " + b.factor);
        if (!b.mode.equals("min") && !b.mode.equals("max")) throw new IllegalArgumentException("ReduceLROnPlateau: mode " + b.mode + " is unknown!");
        if (!b.thresholdMode.equals("rel") && !b.thresholdMode.equals("abs")) {
            throw new IllegalArgumentException("ReduceLROnPlateau: threshold mode " + b.thresholdMode + " is unknown!");
        }
        optimizer = b.optimizer;
        max = b.mode.equals("max");
        relative = b.thresholdMode.equals("rel");
        factor = b.factor;
        patience = b.patience;
        threshold = b.threshold;
        cooldown = b.cooldown;
        minLrs = new double[optimizer.paramGroups().size()];
        java.util.Arrays.fill(minLrs, b.minLr);
        eps = b.eps;
        best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        lastLr = currentLrs();
    }

    /** Records this epoch's metric and cuts the lr if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            reduceLr();
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = currentLrs();
    }

    private boolean isBetter(double a) {
        if (!max) return relative ? a < best * (1. - threshold) : a < best - threshold;
        return relative ? a > best * (threshold + 1.) : a > best + threshold;
    }

    private void reduceLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            double old = groups.get(i).lr();
            double next = Math.max(old * factor, minLrs[i]);
            if (old - next > eps) groups.get(i).setLr(next);
        }
    }

    private double[] currentLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) out[i] = groups.get(i).lr();
        return out;
    }

    public double[] getLastLr() {
        return lastLr.clone();
    }

    /** {@code best}, {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}, {@code _last_lr}. */
    public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("num_bad_epochs", numBadEpochs);
        s.put("cooldown_counter", cooldownCounter);
        s.put("last_epoch", lastEpoch);
        s.put("_last_lr", LRScheduler.toList(lastLr));
        return s;
    }

    public void loadStateDict(Map<String, Object> s) {
        best = ((Number) s.get("best")).doubleValue();
        numBadEpochs = ((Number) s.get("num_bad_epochs")).intValue();
        cooldownCounter = ((Number) s.get("cooldown_counter")).intValue();
        lastEpoch = ((Number) s.get("last_epoch")).intValue();
        lastLr = LRScheduler.toArray(s.get("_last_lr"));
    }
}
