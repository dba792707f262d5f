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
            double stepSize = lr / bc1, bc2Sqrt = Math.sqrt(bc2);
            double decay = p.r(1 - lr * wd), wdS = p.r(wd), b1S = p.r(b1), b2S = p.r(b2);
            double c1 = p.r(1 - b1), c2 = p.r(1 - b2), epsS = p.r(eps), bc2S = p.r(bc2Sqrt), negStep = p.r(-stepSize);
            for (int i = 0; i < p.size; i++) {
                double pi = p.get(i), d = maximize ? -g.get(i) : g.get(i);
                if (decoupled) pi = p.r(pi * decay);
                else if (wd != 0) d = p.r(d + wdS * pi);
                double mi = p.r(p.r(m.get(i) * b1S) + c1 * d);
                double vi = p.r(p.r(v.get(i) * b2S) + p.r(c2 * d) * d);
                m.set(i, mi);
                v.set(i, vi);
                if (vmax != null) {
                    vi = Math.max(vmax.get(i), vi);
                    vmax.set(i, vi);
                }
                double denom = p.r(p.r(p.r(Math.sqrt(vi)) / bc2S) + epsS);
                p.set(i, pi + negStep * p.r(mi / denom));
            }
        });
    }
}
