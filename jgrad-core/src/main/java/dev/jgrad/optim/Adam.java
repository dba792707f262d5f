package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba), PyTorch's single-tensor implementation ({@code torch.optim.Adam}):
 * <pre>
 * t ← t + 1;  g ← ∇f(p) (negated if maximize) + weight_decay·p
 * m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
 * v̂ ← amsgrad ? (vmax ← max(vmax, v)) : v
 * denom ← √v̂ / √(1 − β₂ᵗ) + eps;   p ← p − (lr / (1 − β₁ᵗ))·m / denom
 * </pre>
 * Weight decay here is L2 regularisation folded into the gradient (so it is scaled by the
 * adaptive denominator); {@link AdamW} decouples it.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), new Adam.Options().lr(3e-4).betas(0.9, 0.98));
 * }</pre>
 * State per parameter: {@code step} (Long), {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq} (amsgrad only).
 */
public final class Adam extends Optimizer {
    /** Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, amsgrad false, maximize false. */
    public static final class Options extends AdamFamilyOptions<Options> {
        public Options() {
            super("Adam", 1e-3, 0.0, "amsgrad", false, "maximize", false);
        }
        public Options amsgrad(boolean v) { return set("amsgrad", v); }
        public Options maximize(boolean v) { return set("maximize", v); }
    }

    public Adam(Iterable<Tensor> params, double lr) {
        this(params, new Options().lr(lr));
    }

    public Adam(Iterable<Tensor> params, Options options) {
        this(single(params), options);
    }

    public Adam(List<ParamGroup> groups, Options defaults) {
        super("Adam", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        AdamFamilyOptions.validate(name(), o);
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        AdamUpdate.run(this, group, false);
    }
}
