package dev.jgrad.optim;

import java.util.List;
import java.util.Map;

/**
 * The hyper-parameters Adam, AdamW, NAdam and RAdam share — {@code lr}, {@code betas} (0.9, 0.999),
 * {@code eps} 1e-8 and {@code weight_decay} — with their setters and PyTorch's checks; each
 * optimiser's {@code Options} adds its own defaults and keys.
 *
 * @param <O> the concrete options type, returned by the fluent setters
 */
public abstract class AdamFamilyOptions<O extends AdamFamilyOptions<O>> extends OptimizerOptions<O> {
    protected AdamFamilyOptions(String optimizer, double lr, double weightDecay, Object... moreKeyValues) {
        super(optimizer, withShared(lr, weightDecay, moreKeyValues));
    }

    private static Object[] withShared(double lr, double weightDecay, Object[] more) {
        Object[] shared = {"lr", lr, "betas", List.of(0.9, 0.999), "eps", 1e-8, "weight_decay", weightDecay};
        Object[] all = new Object[shared.length + more.length];
        System.arraycopy(shared, 0, all, 0, shared.length);
        System.arraycopy(more, 0, all, shared.length, more.length);
        return all;
    }

    public O betas(double beta1, double beta2) { return set("betas", List.of(beta1, beta2)); }
    public O eps(double v) { return set("eps", v); }
    public O weightDecay(double v) { return set("weight_decay", v); }

    /** PyTorch's checks of the shared keys: lr, eps and weight_decay non-negative, betas in [0, 1). */
    static void validate(String optimizer, Map<String, Object> o) {
        Checks.lr(optimizer, o);
        Checks.nonNegative(optimizer, o, "eps", "epsilon value");
        Checks.betas(optimizer, o);
        Checks.nonNegative(optimizer, o, "weight_decay", "weight_decay value");
    }
}
