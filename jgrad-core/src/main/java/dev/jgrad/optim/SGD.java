package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, PyTorch's formulation ({@code torch.optim.SGD}):
 * <pre>
 * g ← ∇f(p)   (−∇f(p) if maximize)
 * g ← g + weight_decay·p
 * buf ← g at the first step, else momentum·buf + (1 − dampening)·g
 * g ← nesterov ? g + momentum·buf : buf          (when momentum ≠ 0)
 * p ← p − lr·g
 * </pre>
 *
 * <p><b>The lectures' form.</b> Many texts write momentum as a velocity that already contains
 * the learning rate: {@code v ← ρ·v − lr·g;  p ← p + v}. With a constant learning rate and
 * {@code dampening = 0} it is the same sequence of parameters: by induction
 * {@code v = −lr·buf}, since {@code −lr·buf_t = ρ·(−lr·buf_{t−1}) − lr·g_t}. (The two differ when
 * the learning rate changes: PyTorch's buffer is rescaled by the new rate at once, the lecture's
 * velocity only gradually.)
 *
 * <p><b>Nesterov.</b> The classical Nesterov step evaluates the gradient at the look-ahead point,
 * {@code v ← ρ·v − lr·∇f(θ + ρ·v);  θ ← θ + v}. With the change of variables
 * {@code p = θ + ρ·v} (track the look-ahead point instead), it becomes
 * {@code v ← ρ·v − lr·∇f(p);  p ← p + ρ·v − lr·∇f(p)}, i.e. {@code p ← p − lr·(g + ρ·buf)} with
 * {@code buf = −v/lr}: exactly the {@code nesterov=true} rule above.
 *
 * <p><b>Weight decay.</b> {@code weight_decay = λ} is the same as adding {@code (λ/2)·‖p‖²} to
 * the loss (its gradient is {@code λ·p}); for adaptive optimisers it is not, see {@link AdamW}.
 * These three equivalences are checked numerically in the tests.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), new SGD.Options().lr(0.1).momentum(0.9).nesterov(true));
 * }</pre>
 * State per parameter: {@code momentum_buffer} (a tensor; absent until the first momentum step).
 */
public final class SGD extends Optimizer {
    /** PyTorch's defaults: lr 1e-3 (PyTorch 2), momentum 0, dampening 0, weight_decay 0, nesterov false, maximize false. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options() {
            super("SGD", "lr", 1e-3, "momentum", 0.0, "dampening", 0.0, "weight_decay", 0.0, "nesterov", false, "maximize", false);
        }
        public Options momentum(double v) { return set("momentum", v); }
        public Options dampening(double v) { return set("dampening", v); }
        public Options weightDecay(double v) { return set("weight_decay", v); }
        public Options nesterov(boolean v) { return set("nesterov", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public SGD(Iterable<Tensor> params, double lr) {
        this(params, new Options().lr(lr));
    }

    public SGD(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    public SGD(List<ParamGroup> groups, Options defaults) {
        super("SGD", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        Checks.lr(name(), o);
        Checks.nonNegative(name(), o, "momentum", "momentum value");
        Checks.nonNegative(name(), o, "weight_decay", "weight_decay value");
        if ((Boolean) o.get("nesterov") && (Checks.num(o, "momentum") <= 0 || Checks.num(o, "dampening") != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening, got momentum "
                    + o.get("momentum") + " and dampening " + o.get("dampening"));
        }
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        double lr = group.lr(), mu = group.getDouble("momentum"), damp = group.getDouble("dampening");
        double wd = group.getDouble("weight_decay");
        boolean nesterov = group.getBoolean("nesterov"), maximize = group.getBoolean("maximize");
        forEachParamWithGrad(group, (param, p, g, st) -> {
            Elements buf = null;
            boolean first = false;
            if (mu != 0) {
                Tensor b = (Tensor) st.get("momentum_buffer");
                first = b == null;
                if (first) {
                    b = zerosLike(param);
                    st.put("momentum_buffer", b);
                }
                buf = Elements.of(b);
            }
            var c = new Constants(maximize, wd != 0, first, nesterov, p.r(wd), p.r(1 - damp), p.r(mu), p.r(-lr));
            if (takesFloatKernel(p)) c.updateFloats(p, g, buf);
            else c.update(p, g, buf);
        });
    }

    /**
     * One step's constants, rounded to the parameter's precision; {@code first} is the step that
     * starts the momentum buffer (it takes the gradient as it is).
     */
    private record Constants(boolean maximize, boolean l2, boolean first, boolean nesterov, double wd, double keep, double mu,
                             double negLr) {
        /** The reference loop, in double rounded after each step PyTorch does as a separate tensor op; buf null without momentum. */
        void update(Elements p, Elements g, Elements buf) {
            for (int i = 0; i < p.size; i++) {
                double pi = p.get(i), d = maximize ? -g.get(i) : g.get(i);
                if (l2) d = p.r(d + wd * pi);
                if (buf != null) {
                    double b = first ? d : p.r(p.r(buf.get(i) * mu) + keep * d);
                    buf.set(i, b);
                    d = nesterov ? p.r(d + mu * b) : b;
                }
                p.set(i, pi + negLr * d);
            }
        }

        /**
         * The same in float, each {@code p.r(x·y + z)} above one fma (why that matches: see
         * {@link AdamUpdate}); maximize multiplies the gradient by −1 (exact), the other options
         * are loop invariants, on which C2 unswitches the loop.
         */
        void updateFloats(Elements p, Elements g, Elements buf) {
            float sign = maximize ? -1 : 1, wd = (float) this.wd, keep = (float) this.keep, mu = (float) this.mu;
            float negLr = (float) this.negLr;
            boolean l2 = this.l2, momentum = buf != null, first = this.first, nesterov = this.nesterov;
            float[] pf = p.floats(), gf = g.floats(), buff = momentum ? buf.floats() : null;
            FloatLoop.run(p.size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float pi = pf[i], d = gf[i] * sign;
                    if (l2) d = Math.fma(wd, pi, d);
                    if (momentum) {
                        float b = first ? d : Math.fma(keep, d, buff[i] * mu);
                        buff[i] = b;
                        d = nesterov ? Math.fma(mu, b, d) : b;
                    }
                    pf[i] = Math.fma(negLr, d, pi);
                }
            });
        }
    }
}
