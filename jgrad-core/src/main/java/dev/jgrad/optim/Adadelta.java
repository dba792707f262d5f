package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler), as {@code torch.optim.Adadelta}:
 * <pre>
 * g ← ∇f(p) (negated if maximize) + weight_decay·p
 * sq ← ρ·sq + (1 − ρ)·g²
 * Δ ← √(acc + eps) / √(sq + eps) · g
 * acc ← ρ·acc + (1 − ρ)·Δ²
 * p ← p − lr·Δ
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adadelta(model.parameters(), new Adadelta.Options());
 * }</pre>
 * State per parameter: {@code step} (Long), {@code square_avg}, {@code acc_delta}.
 */
public final class Adadelta extends Optimizer {
    /** Defaults: lr 1.0, rho 0.9, eps 1e-6, weight_decay 0, maximize false. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options() {
            super("Adadelta", "lr", 1.0, "rho", 0.9, "eps", 1e-6, "weight_decay", 0.0, "maximize", false);
        }
        public Options rho(double v) { return set("rho", v); }
        public Options eps(double v) { return set("eps", v); }
        public Options weightDecay(double v) { return set("weight_decay", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public Adadelta(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    public Adadelta(List<ParamGroup> groups, Options defaults) {
        super("Adadelta", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        Checks.lr(name(), o);
        double rho = Checks.num(o, "rho");
        if (!(rho >= 0 && rho <= 1)) throw new IllegalArgumentException("Adadelta: Invalid rho value: " + rho);
        Checks.nonNegative(name(), o, "eps", "epsilon value");
        Checks.nonNegative(name(), o, "weight_decay", "weight_decay value");
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        double lr = group.lr(), rho = group.getDouble("rho"), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
        boolean maximize = group.getBoolean("maximize");
        forEachParamWithGrad(group, (param, p, g, st) -> {
            if (st.isEmpty()) {
                st.put("step", 0L);
                st.put("square_avg", zerosLike(param));
                st.put("acc_delta", zerosLike(param));
            }
            st.put("step", (Long) st.get("step") + 1);
            Elements sq = Elements.of((Tensor) st.get("square_avg")), acc = Elements.of((Tensor) st.get("acc_delta"));
            double r = p.r(rho), c = p.r(1 - rho), wdS = p.r(wd), epsS = p.r(eps), negLr = p.r(-lr);
            for (int i = 0; i < p.size; i++) {
                double pi = p.get(i), d = maximize ? -g.get(i) : g.get(i);
                if (wd != 0) d = p.r(d + wdS * pi);
                double s = p.r(p.r(sq.get(i) * r) + p.r(c * d) * d);
                sq.set(i, s);
                double std = p.r(Math.sqrt(p.r(s + epsS)));
                double delta = p.r(p.r(p.r(Math.sqrt(p.r(acc.get(i) + epsS))) / std) * d);
                acc.set(i, p.r(p.r(acc.get(i) * r) + p.r(c * delta) * delta));
                p.set(i, pi + negLr * delta);
            }
        });
    }
}
