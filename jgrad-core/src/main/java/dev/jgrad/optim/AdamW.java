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
    public static final class Options extends AdamFamilyOptions<Options> {
        public Options() {
            super("AdamW", 1e-3, 1e-2, "amsgrad", false, "maximize", false);
        }
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
        AdamFamilyOptions.validate(name(), o);
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        AdamUpdate.run(this, group, true);
    }
}
