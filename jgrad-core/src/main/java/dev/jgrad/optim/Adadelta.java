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
            var c = new Constants(maximize, wd != 0, p.r(wd), p.r(rho), p.r(1 - rho), p.r(eps), p.r(-lr));
            if (takesFloatKernel(p)) c.updateFloats(p, g, sq, acc);
            else c.update(p, g, sq, acc);
        });
    }

    /** One step's constants, rounded to the parameter's precision; {@code keep} is 1 − ρ. */
    private record Constants(boolean maximize, boolean l2, double wd, double rho, double keep, double eps, double negLr) {
        /** The reference loop, in double rounded after each step PyTorch does as a separate tensor op. */
        void update(Elements p, Elements g, Elements sq, Elements acc) {
            for (int i = 0; i < p.size; i++) {
                double pi = p.get(i), d = maximize ? -g.get(i) : g.get(i);
                if (l2) d = p.r(d + wd * pi);
                double s = p.r(p.r(sq.get(i) * rho) + p.r(keep * d) * d);
                sq.set(i, s);
                double std = p.r(Math.sqrt(p.r(s + eps)));
                double delta = p.r(p.r(p.r(Math.sqrt(p.r(acc.get(i) + eps))) / std) * d);
                acc.set(i, p.r(p.r(acc.get(i) * rho) + p.r(keep * delta) * delta));
                p.set(i, pi + negLr * delta);
            }
        }

        /** The same in float, each {@code p.r(x·y + z)} above one fma (why that matches: see {@link AdamUpdate}). */
        void updateFloats(Elements p, Elements g, Elements sq, Elements acc) {
            float sign = maximize ? -1 : 1, wd = (float) this.wd, rho = (float) this.rho, keep = (float) this.keep;
            float eps = (float) this.eps, negLr = (float) this.negLr;
            boolean l2 = this.l2;
            float[] pf = p.floats(), gf = g.floats(), sqf = sq.floats(), accf = acc.floats();
            FloatLoop.run(p.size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float pi = pf[i], d = gf[i] * sign;
                    if (l2) d = Math.fma(wd, pi, d);
                    float s = Math.fma(d * keep, d, sqf[i] * rho);
                    sqf[i] = s;
                    float a = accf[i];
                    float delta = (float) Math.sqrt(a + eps) / (float) Math.sqrt(s + eps) * d;
                    accf[i] = Math.fma(delta * keep, delta, a * rho);
                    pf[i] = Math.fma(negLr, delta, pi);
                }
            });
        }
    }
}
