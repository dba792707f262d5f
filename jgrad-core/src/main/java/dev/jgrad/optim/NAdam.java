package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

import static dev.jgrad.optim.AdamUpdate.firstMoment;
import static dev.jgrad.optim.AdamUpdate.secondMoment;

/**
 * NAdam (Dozat): Adam with Nesterov momentum and a momentum schedule, as {@code torch.optim.NAdam}:
 * <pre>
 * t ← t + 1;  g ← ∇f(p) + weight_decay·p
 * μₜ ← β₁·(1 − ½·0.96^(t·momentum_decay));  μₜ₊₁ likewise;  Π ← Π·μₜ  (Π starts at 1)
 * m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²;   denom ← √(v / (1 − β₂ᵗ)) + eps
 * p ← p − lr·(1 − μₜ)/(1 − Π)·g/denom − lr·μₜ₊₁/(1 − Π·μₜ₊₁)·m/denom
 * </pre>
 * As in PyTorch, the product Π ({@code mu_product}) is kept in float32 whatever the parameters'
 * dtype.
 *
 * <pre>{@code
 * var opt = new NAdam(model.parameters(), new NAdam.Options().lr(2e-3));
 * }</pre>
 * State per parameter: {@code step} (Long), {@code mu_product} (Double), {@code exp_avg},
 * {@code exp_avg_sq}.
 */
public final class NAdam extends Optimizer {
    /** Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, momentum_decay 4e-3. */
    public static final class Options extends AdamFamilyOptions<Options> {
        public Options() {
            super("NAdam", 2e-3, 0.0, "momentum_decay", 4e-3);
        }
        public Options momentumDecay(double v) { return set("momentum_decay", v); }
    }

    public NAdam(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    public NAdam(List<ParamGroup> groups, Options defaults) {
        super("NAdam", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        AdamFamilyOptions.validate(name(), o);
        Checks.nonNegative(name(), o, "momentum_decay", "momentum_decay value");
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        double lr = group.lr(), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
        double md = group.getDouble("momentum_decay");
        double[] betas = group.betas();
        double b1 = betas[0], b2 = betas[1];
        forEachParamWithGrad(group, (param, p, g, st) -> {
            if (st.isEmpty()) {
                st.put("step", 0L);
                st.put("mu_product", 1.0);
                st.put("exp_avg", zerosLike(param));
                st.put("exp_avg_sq", zerosLike(param));
            }
            long step = (Long) st.get("step") + 1;
            st.put("step", step);
            double bc2 = 1 - Math.pow(b2, step);
            double mu = b1 * (1. - 0.5 * Math.pow(0.96, step * md));
            double muNext = b1 * (1. - 0.5 * Math.pow(0.96, (step + 1) * md));
            float muProduct = (float) ((Double) st.get("mu_product") * (float) mu);
            float muProductNext = muProduct * (float) mu * (float) muNext;
            st.put("mu_product", (double) muProduct);
            Elements m = Elements.of((Tensor) st.get("exp_avg")), v = Elements.of((Tensor) st.get("exp_avg_sq"));
            var c = new Constants(wd != 0, p.r(wd), p.r(b1), p.r(b2), p.r(1 - b1), p.r(1 - b2), p.r(eps), p.r(bc2),
                    p.r(-lr * (1. - mu) / (1. - muProduct)), p.r(-lr * muNext / (1. - muProductNext)));
            if (takesFloatKernel(p)) c.updateFloats(p, g, m, v);
            else c.update(p, g, m, v);
        });
    }

    /**
     * One step's constants, rounded to the parameter's precision: {@code gradStep} and
     * {@code momStep} scale the gradient's and the momentum's share of the update.
     */
    private record Constants(boolean l2, double wd, double b1, double b2, double c1, double c2, double eps, double bc2,
                             double gradStep, double momStep) {
        /** The reference loop, in double rounded after each step PyTorch does as a separate tensor op. */
        void update(Elements p, Elements g, Elements m, Elements v) {
            for (int i = 0; i < p.size; i++) {
                double pi = p.get(i), d = g.get(i);
                if (l2) d = p.r(d + wd * pi);
                double mi = p.r(p.r(m.get(i) * b1) + c1 * d);
                double vi = p.r(p.r(v.get(i) * b2) + p.r(c2 * d) * d);
                m.set(i, mi);
                v.set(i, vi);
                double denom = p.r(p.r(Math.sqrt(p.r(vi / bc2))) + eps);
                pi = p.r(pi + gradStep * p.r(d / denom));
                p.set(i, pi + momStep * p.r(mi / denom));
            }
        }

        /** The same in float, each {@code p.r(x·y + z)} above one fma (why that matches: see {@link AdamUpdate}). */
        void updateFloats(Elements p, Elements g, Elements m, Elements v) {
            float wd = (float) this.wd, b1 = (float) this.b1, b2 = (float) this.b2, c1 = (float) this.c1, c2 = (float) this.c2;
            float eps = (float) this.eps, bc2 = (float) this.bc2, gradStep = (float) this.gradStep, momStep = (float) this.momStep;
            boolean l2 = this.l2;
            float[] pf = p.floats(), gf = g.floats(), mf = m.floats(), vf = v.floats();
            FloatLoop.run(p.size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float pi = pf[i], d = gf[i];
                    if (l2) d = Math.fma(wd, pi, d);
                    float mi = firstMoment(mf, i, d, b1, c1), vi = secondMoment(vf, i, d, b2, c2);
                    float denom = (float) Math.sqrt(vi / bc2) + eps;
                    pi = Math.fma(gradStep, d / denom, pi);
                    pf[i] = Math.fma(momStep, mi / denom, pi);
                }
            });
        }
    }
}
