package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton), as {@code torch.optim.RMSprop}:
 * <pre>
 * g ← ∇f(p) (negated if maximize) + weight_decay·p
 * sq ← α·sq + (1 − α)·g²
 * centered:  ḡ ← α·ḡ + (1 − α)·g;  avg ← √(sq − ḡ²) + eps     otherwise avg ← √sq + eps
 * momentum &gt; 0:  buf ← momentum·buf + g/avg;  p ← p − lr·buf     otherwise p ← p − lr·g/avg
 * </pre>
 * PyTorch's α default is 0.99; the lectures' decay rate 0.9 is {@code alpha(0.9)}.
 *
 * <pre>{@code
 * var opt = new RMSprop(model.parameters(), new RMSprop.Options().lr(1e-3).alpha(0.9));
 * }</pre>
 * State per parameter: {@code step} (Long), {@code square_avg}, {@code momentum_buffer}
 * (momentum &gt; 0), {@code grad_avg} (centered).
 */
public final class RMSprop extends Optimizer {
    /** Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false, maximize false. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options() {
            super("RMSprop", "lr", 1e-2, "alpha", 0.99, "eps", 1e-8, "weight_decay", 0.0, "momentum", 0.0,
                    "centered", false, "maximize", false);
        }
        public Options alpha(double v) { return set("alpha", v); }
        public Options eps(double v) { return set("eps", v); }
        public Options weightDecay(double v) { return set("weight_decay", v); }
        public Options momentum(double v) { return set("momentum", v); }
        public Options centered(boolean v) { return set("centered", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public RMSprop(Iterable<Tensor> params, double lr) {
        this(params, new Options().lr(lr));
    }

    public RMSprop(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    public RMSprop(List<ParamGroup> groups, Options defaults) {
        super("RMSprop", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        Checks.lr(name(), o);
        Checks.nonNegative(name(), o, "eps", "epsilon value");
        Checks.nonNegative(name(), o, "momentum", "momentum value");
        Checks.nonNegative(name(), o, "weight_decay", "weight_decay value");
        Checks.nonNegative(name(), o, "alpha", "alpha value");
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        double lr = group.lr(), alpha = group.getDouble("alpha"), eps = group.getDouble("eps");
        double wd = group.getDouble("weight_decay"), mu = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered"), maximize = group.getBoolean("maximize");
        forEachParamWithGrad(group, (param, p, g, st) -> {
            if (st.isEmpty()) {
                st.put("step", 0L);
                st.put("square_avg", zerosLike(param));
                if (mu > 0) st.put("momentum_buffer", zerosLike(param));
                if (centered) st.put("grad_avg", zerosLike(param));
            }
            st.put("step", (Long) st.get("step") + 1);
            Elements sq = Elements.of((Tensor) st.get("square_avg"));
            Elements buf = mu > 0 ? Elements.of((Tensor) st.get("momentum_buffer")) : null;
            Elements ga = centered ? Elements.of((Tensor) st.get("grad_avg")) : null;
            var c = new Constants(maximize, wd != 0, p.r(wd), p.r(alpha), p.r(1 - alpha), p.r(eps), p.r(mu), p.r(-lr));
            if (takesFloatKernel(p)) c.updateFloats(p, g, sq, buf, ga);
            else c.update(p, g, sq, buf, ga);
        });
    }

    /** One step's constants, rounded to the parameter's precision; {@code keep} is 1 − α. */
    private record Constants(boolean maximize, boolean l2, double wd, double alpha, double keep, double eps, double mu, double negLr) {
        /**
         * The reference loop, in double rounded after each step PyTorch does as a separate tensor
         * op; {@code buf} null without momentum, {@code ga} null unless centered.
         */
        void update(Elements p, Elements g, Elements sq, Elements buf, Elements ga) {
            for (int i = 0; i < p.size; i++) {
                double pi = p.get(i), d = maximize ? -g.get(i) : g.get(i);
                if (l2) d = p.r(d + wd * pi);
                double s = p.r(p.r(sq.get(i) * alpha) + p.r(keep * d) * d);
                sq.set(i, s);
                double avg;
                if (ga != null) {
                    double gi = p.r(p.r(ga.get(i) * alpha) + keep * d);
                    ga.set(i, gi);
                    avg = p.r(Math.sqrt(p.r(s - gi * gi)));
                } else {
                    avg = p.r(Math.sqrt(s));
                }
                avg = p.r(avg + eps);
                if (buf != null) {
                    double b = p.r(p.r(buf.get(i) * mu) + p.r(d / avg));
                    buf.set(i, b);
                    p.set(i, pi + negLr * b);
                } else {
                    p.set(i, pi + negLr * p.r(d / avg));
                }
            }
        }

        /** The same in float, each {@code p.r(x·y + z)} above one fma (why that matches: see {@link AdamUpdate}). */
        void updateFloats(Elements p, Elements g, Elements sq, Elements buf, Elements ga) {
            float sign = maximize ? -1 : 1, wd = (float) this.wd, alpha = (float) this.alpha, keep = (float) this.keep;
            float eps = (float) this.eps, mu = (float) this.mu, negLr = (float) this.negLr;
            boolean l2 = this.l2, momentum = buf != null, centered = ga != null;
            float[] pf = p.floats(), gf = g.floats(), sqf = sq.floats();
            float[] buff = momentum ? buf.floats() : null, gaf = centered ? ga.floats() : null;
            FloatLoop.run(p.size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float pi = pf[i], d = gf[i] * sign;
                    if (l2) d = Math.fma(wd, pi, d);
                    float s = Math.fma(d * keep, d, sqf[i] * alpha);
                    sqf[i] = s;
                    if (centered) {
                        float gi = Math.fma(keep, d, gaf[i] * alpha);
                        gaf[i] = gi;
                        s = Math.fma(-gi, gi, s);
                    }
                    float step = d / ((float) Math.sqrt(s) + eps);
                    if (momentum) {
                        step = buff[i] * mu + step;
                        buff[i] = step;
                    }
                    pf[i] = Math.fma(negLr, step, pi);
                }
            });
        }
    }
}
