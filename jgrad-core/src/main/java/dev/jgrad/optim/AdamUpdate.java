package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

/** The fused Adam/AdamW loop shared by {@link Adam} and {@link AdamW}. */
final class AdamUpdate {
    private AdamUpdate() {}

    static void run(Optimizer opt, ParamGroup group, boolean decoupled) {
        double lr = group.lr(), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
        double[] betas = group.betas();
        double b1 = betas[0], b2 = betas[1];
        boolean amsgrad = group.getBoolean("amsgrad"), maximize = group.getBoolean("maximize");
        opt.forEachParamWithGrad(group, (param, p, g, st) -> {
            if (st.isEmpty()) {
                st.put("step", 0L);
                st.put("exp_avg", Optimizer.zerosLike(param));
                st.put("exp_avg_sq", Optimizer.zerosLike(param));
                if (amsgrad) st.put("max_exp_avg_sq", Optimizer.zerosLike(param));
            }
            long step = (Long) st.get("step") + 1;
            st.put("step", step);
            Elements m = Elements.of((Tensor) st.get("exp_avg")), v = Elements.of((Tensor) st.get("exp_avg_sq"));
            Elements vmax = amsgrad ? Elements.of((Tensor) st.get("max_exp_avg_sq")) : null;
            double bc1 = 1 - Math.pow(b1, step), bc2 = 1 - Math.pow(b2, step);
            var c = new Constants(maximize, !decoupled && wd != 0, p.r(decoupled ? 1 - lr * wd : 1), p.r(wd), p.r(b1), p.r(b2),
                    p.r(1 - b1), p.r(1 - b2), p.r(eps), p.r(Math.sqrt(bc2)), p.r(-lr / bc1));
            if (opt.takesFloatKernel(p)) c.updateFloats(p, g, m, v, vmax);
            else c.update(p, g, m, v, vmax);
        });
    }

    /**
     * One step's constants, rounded to the parameter's precision: {@code decay} multiplies the
     * parameter (1 unless decoupled, which leaves it exactly as it is), {@code l2} adds
     * {@code wd·p} to the gradient.
     */
    private record Constants(boolean maximize, boolean l2, double decay, double wd, double b1, double b2,
                             double c1, double c2, double eps, double bc2Sqrt, double negStep) {
        /** The reference loop, in double rounded after each step PyTorch does as a separate tensor op. */
        void update(Elements p, Elements g, Elements m, Elements v, Elements vmax) {
            for (int i = 0; i < p.size; i++) {
                double pi = p.r(p.get(i) * decay), d = maximize ? -g.get(i) : g.get(i);
                if (l2) d = p.r(d + wd * pi);
                double mi = p.r(p.r(m.get(i) * b1) + c1 * d);
                double vi = p.r(p.r(v.get(i) * b2) + p.r(c2 * d) * d);
                m.set(i, mi);
                v.set(i, vi);
                if (vmax != null) {
                    vi = Math.max(vmax.get(i), vi);
                    vmax.set(i, vi);
                }
                double denom = p.r(p.r(p.r(Math.sqrt(vi)) / bc2Sqrt) + eps);
                p.set(i, pi + negStep * p.r(mi / denom));
            }
        }

        /**
         * The same in float, each {@code p.r(x·y + z)} above (x, y floats) one fma: the product is
         * exact in double, so both round the same exact sum, the reference twice (to double, then
         * to float), which differs only when the double lands exactly on a tie between two floats
         * (see FloatKernelsTest). Maximize multiplies the gradient by −1, exact like the decay.
         */
        void updateFloats(Elements p, Elements g, Elements m, Elements v, Elements vmax) {
            float sign = maximize ? -1 : 1, decay = (float) this.decay, wd = (float) this.wd, b1 = (float) this.b1, b2 = (float) this.b2;
            float c1 = (float) this.c1, c2 = (float) this.c2, eps = (float) this.eps, bc2Sqrt = (float) this.bc2Sqrt;
            float negStep = (float) this.negStep;
            boolean l2 = this.l2, amsgrad = vmax != null;
            float[] pf = p.floats(), gf = g.floats(), mf = m.floats(), vf = v.floats(), vmaxf = amsgrad ? vmax.floats() : null;
            FloatLoop.run(p.size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float pi = pf[i] * decay, d = gf[i] * sign;
                    if (l2) d = Math.fma(wd, pi, d);
                    float mi = firstMoment(mf, i, d, b1, c1), vi = secondMoment(vf, i, d, b2, c2);
                    if (amsgrad) {
                        vi = Math.max(vmaxf[i], vi);
                        vmaxf[i] = vi;
                    }
                    float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
                    pf[i] = Math.fma(negStep, mi / denom, pi);
                }
            });
        }
    }

    // The moments every Adam-family float kernel keeps (Adam, AdamW, NAdam, RAdam): each stored at i
    // and returned, one fma each like the reference's p.r(x·y + z).

    /** m ← b1·m + c1·d. */
    static float firstMoment(float[] m, int i, float d, float b1, float c1) {
        float mi = Math.fma(c1, d, m[i] * b1);
        m[i] = mi;
        return mi;
    }

    /** v ← b2·v + c2·d·d. */
    static float secondMoment(float[] v, int i, float d, float b2, float c2) {
        float vi = Math.fma(d * c2, d, v[i] * b2);
        v[i] = vi;
        return vi;
    }
}
