package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

import static dev.jgrad.optim.AdamUpdate.firstMoment;
import static dev.jgrad.optim.AdamUpdate.secondMoment;

/**
 * RAdam (Liu et al.): Adam with the variance of the adaptive rate rectified, as
 * {@code torch.optim.RAdam}:
 * <pre>
 * t ← t + 1;  g ← ∇f(p) + weight_decay·p
 * m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²;   m̂ ← m / (1 − β₁ᵗ)
 * ρ∞ ← 2/(1 − β₂) − 1;   ρₜ ← ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
 * ρₜ &gt; 5:  r ← √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ));  p ← p − lr·m̂·r·√(1 − β₂ᵗ)/(√v + eps)
 * else:    p ← p − lr·m̂   (plain momentum SGD while the variance estimate is unreliable)
 * </pre>
 *
 * <pre>{@code
 * var opt = new RAdam(model.parameters(), new RAdam.Options().lr(1e-3));
 * }</pre>
 * State per parameter: {@code step} (Long), {@code exp_avg}, {@code exp_avg_sq}.
 */
public final class RAdam extends Optimizer {
    /** Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0. */
    public static final class Options extends AdamFamilyOptions<Options> {
        public Options() {
            super("RAdam", 1e-3, 0.0);
        }
    }

    public RAdam(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    public RAdam(List<ParamGroup> groups, Options defaults) {
        super("RAdam", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        AdamFamilyOptions.validate(name(), o);
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        double lr = group.lr(), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
        double[] betas = group.betas();
        double b1 = betas[0], b2 = betas[1];
        forEachParamWithGrad(group, (param, p, g, st) -> {
            if (st.isEmpty()) {
                st.put("step", 0L);
                st.put("exp_avg", zerosLike(param));
                st.put("exp_avg_sq", zerosLike(param));
            }
            long step = (Long) st.get("step") + 1;
            st.put("step", step);
            double bc1 = 1 - Math.pow(b1, step), bc2 = 1 - Math.pow(b2, step);
            double rhoInf = 2 / (1 - b2) - 1;
            double rhoT = rhoInf - 2 * step * Math.pow(b2, step) / bc2;
            boolean rectify = rhoT > 5.;
            double rect = rectify ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
            Elements m = Elements.of((Tensor) st.get("exp_avg")), v = Elements.of((Tensor) st.get("exp_avg_sq"));
            var c = new Constants(wd != 0, rectify, p.r(wd), p.r(b1), p.r(b2), p.r(1 - b1), p.r(1 - b2), p.r(eps), p.r(bc1), p.r(lr),
                    p.r(rect), p.r(Math.sqrt(bc2)));
            if (takesFloatKernel(p)) c.updateFloats(p, g, m, v);
            else c.update(p, g, m, v);
        });
    }

    /** One step's constants, rounded to the parameter's precision; {@code rect} is r, used when {@code rectify}. */
    private record Constants(boolean l2, boolean rectify, double wd, double b1, double b2, double c1, double c2, double eps, double bc1,
                             double lr, double rect, double sqrtBc2) {
        /** The reference loop, in double rounded after each step PyTorch does as a separate tensor op. */
        void update(Elements p, Elements g, Elements m, Elements v) {
            for (int i = 0; i < p.size; i++) {
                double pi = p.get(i), d = g.get(i);
                if (l2) d = p.r(d + wd * pi);
                double mi = p.r(p.r(m.get(i) * b1) + c1 * d);
                double vi = p.r(p.r(v.get(i) * b2) + p.r(c2 * d) * d);
                m.set(i, mi);
                v.set(i, vi);
                double update = p.r(p.r(mi / bc1) * lr);
                if (rectify) {
                    double adaptive = p.r(sqrtBc2 / p.r(p.r(Math.sqrt(vi)) + eps));
                    update = p.r(p.r(update * adaptive) * rect);
                }
                p.set(i, pi - update);
            }
        }

        /** The same in float, each {@code p.r(x·y + z)} above one fma (why that matches: see {@link AdamUpdate}). */
        void updateFloats(Elements p, Elements g, Elements m, Elements v) {
            float wd = (float) this.wd, b1 = (float) this.b1, b2 = (float) this.b2, c1 = (float) this.c1, c2 = (float) this.c2;
            float eps = (float) this.eps, bc1 = (float) this.bc1, lr = (float) this.lr, rect = (float) this.rect;
            float sqrtBc2 = (float) this.sqrtBc2;
            boolean l2 = this.l2, rectify = this.rectify;
            float[] pf = p.floats(), gf = g.floats(), mf = m.floats(), vf = v.floats();
            FloatLoop.run(p.size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float pi = pf[i], d = gf[i];
                    if (l2) d = Math.fma(wd, pi, d);
                    float mi = firstMoment(mf, i, d, b1, c1), vi = secondMoment(vf, i, d, b2, c2);
                    float update = mi / bc1 * lr;
                    if (rectify) {
                        float adaptive = sqrtBc2 / ((float) Math.sqrt(vi) + eps);
                        update = update * adaptive * rect;
                    }
                    pf[i] = pi - update;
                }
            });
        }
    }
}
