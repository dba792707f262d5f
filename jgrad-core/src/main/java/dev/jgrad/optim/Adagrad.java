package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi et al.), as {@code torch.optim.Adagrad}:
 * <pre>
 * t ← t + 1;  g ← ∇f(p) (negated if maximize) + weight_decay·p
 * clr ← lr / (1 + (t − 1)·lr_decay)
 * sum ← sum + g²    (sum starts at initial_accumulator_value)
 * p ← p − clr·g / (√sum + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adagrad(model.parameters(), new Adagrad.Options().lr(0.1));
 * }</pre>
 * State per parameter: {@code step} (Long), {@code sum}.
 */
public final class Adagrad extends Optimizer {
    /** Defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10, maximize false. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options() {
            super("Adagrad", "lr", 1e-2, "lr_decay", 0.0, "weight_decay", 0.0, "initial_accumulator_value", 0.0,
                    "eps", 1e-10, "maximize", false);
        }
        public Options lrDecay(double v) { return set("lr_decay", v); }
        public Options weightDecay(double v) { return set("weight_decay", v); }
        public Options initialAccumulatorValue(double v) { return set("initial_accumulator_value", v); }
        public Options eps(double v) { return set("eps", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public Adagrad(Iterable<Tensor> params, double lr) {
        this(params, new Options().lr(lr));
    }

    public Adagrad(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    public Adagrad(List<ParamGroup> groups, Options defaults) {
        super("Adagrad", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        Checks.lr(name(), o);
        Checks.nonNegative(name(), o, "lr_decay", "lr_decay value");
        Checks.nonNegative(name(), o, "weight_decay", "weight_decay value");
        Checks.nonNegative(name(), o, "initial_accumulator_value", "initial_accumulator_value value");
        Checks.nonNegative(name(), o, "eps", "epsilon value");
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        double lr = group.lr(), lrDecay = group.getDouble("lr_decay"), wd = group.getDouble("weight_decay");
        double eps = group.getDouble("eps"), init = group.getDouble("initial_accumulator_value");
        boolean maximize = group.getBoolean("maximize");
        forEachParamWithGrad(group, (param, p, g, st) -> {
            if (st.isEmpty()) {
                st.put("step", 0L);
                st.put("sum", zerosLike(param).fill_(init));
            }
            long step = (Long) st.get("step") + 1;
            st.put("step", step);
            Elements sum = Elements.of((Tensor) st.get("sum"));
            var c = new Constants(maximize, wd != 0, p.r(wd), p.r(eps), p.r(-(lr / (1 + (step - 1) * lrDecay))));
            if (takesFloatKernel(p)) c.updateFloats(p, g, sum);
            else c.update(p, g, sum);
        });
    }

    /** One step's constants, rounded to the parameter's precision; {@code negLr} is the decayed rate, negated. */
    private record Constants(boolean maximize, boolean l2, double wd, double eps, double negLr) {
        /** The reference loop, in double rounded after each step PyTorch does as a separate tensor op. */
        void update(Elements p, Elements g, Elements sum) {
            for (int i = 0; i < p.size; i++) {
                double pi = p.get(i), d = maximize ? -g.get(i) : g.get(i);
                if (l2) d = p.r(d + wd * pi);
                double s = p.r(sum.get(i) + p.r(d * d));
                sum.set(i, s);
                double std = p.r(p.r(Math.sqrt(s)) + eps);
                p.set(i, pi + negLr * p.r(d / std));
            }
        }

        /** The same in float, each {@code p.r(x·y + z)} above one fma (why that matches: see {@link AdamUpdate}). */
        void updateFloats(Elements p, Elements g, Elements sum) {
            float sign = maximize ? -1 : 1, wd = (float) this.wd, eps = (float) this.eps, negLr = (float) this.negLr;
            boolean l2 = this.l2;
            float[] pf = p.floats(), gf = g.floats(), sumf = sum.floats();
            FloatLoop.run(p.size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float pi = pf[i], d = gf[i] * sign;
                    if (l2) d = Math.fma(wd, pi, d);
                    float s = sumf[i] + d * d;
                    sumf[i] = s;
                    pf[i] = Math.fma(negLr, d / ((float) Math.sqrt(s) + eps), pi);
                }
            });
        }
    }
}
