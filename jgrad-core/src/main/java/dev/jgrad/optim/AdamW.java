package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay, PyTorch's single-tensor
 * implementation ({@code torch.optim.AdamW}). The decay shrinks the weights directly instead of
 * entering the gradient, so it is not rescaled by the adaptive denominator:
 * <pre>
 * t ← t + 1;  p ← p·(1 − lr·weight_decay);  g ← ∇f(p) (negated if maximize)
 * m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
 * v̂ ← amsgrad ? (vmax ← max(vmax, v)) : v
 * denom ← √v̂ / √(1 − β₂ᵗ) + eps;   p ← p − (lr / (1 − β₁ᵗ))·m / denom
 * </pre>
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), new AdamW.Options().lr(1e-3).weightDecay(0.05));
 * }</pre>
 * State per parameter: {@code step} (Long), {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq} (amsgrad only).
 */
public final class AdamW extends Optimizer {
    /** Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2, amsgrad false, maximize false. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options() {
            super("AdamW", "lr", 1e-3, "betas", List.of(0.9, 0.999), "eps", 1e-8, "weight_decay", 1e-2,
                    "amsgrad", false, "maximize", false);
        }
        public Options betas(double beta1, double beta2) { return set("betas", List.of(beta1, beta2)); }
        public Options eps(double v) { return set("eps", v); }
        public Options weightDecay(double v) { return set("weight_decay", v); }
        public Options amsgrad(boolean v) { return set("amsgrad", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public AdamW(Iterable<Tensor> params, double lr) {
        this(params, new Options().lr(lr));
    }

    public AdamW(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    public AdamW(List<ParamGroup> groups, Options defaults) {
        super("AdamW", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        Checks.lr(name(), o);
        Checks.nonNegative(name(), o, "eps", "epsilon value");
        Checks.betas(name(), o);
        Checks.nonNegative(name(), o, "weight_decay", "weight_decay value");
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        AdamUpdate.run(this, group, true);
    }
}
