package dev.jgrad.optim;

import java.util.List;
import java.util.Map;

/** Hyper-parameter validation with PyTorch's messages, prefixed by the optimiser's name. */
final class Checks {
    private Checks() {}

    static double num(Map<String, Object> o, String key) {
        return ((Number) o.get(key)).doubleValue();
    }

    /** {@code key >= 0}, else "Invalid {label}: {value}". */
    static void nonNegative(String opt, Map<String, Object> o, String key, String label) {
        double v = num(o, key);
        if (!(v >= 0)) throw new IllegalArgumentException(opt + ": Invalid " + label + ": " + v);
    }

    static void lr(String opt, Map<String, Object> o) {
        nonNegative(opt, o, "lr", "learning rate");
    }

    /** Both betas in [0, 1). */
    static void betas(String opt, Map<String, Object> o) {
        List<?> b = (List<?>) o.get("betas");
        if (b.size() != 2) throw new IllegalArgumentException(opt + ": betas must be a pair (beta1, beta2), got " + b);
        for (int i = 0; i < 2; i++) {
            double v = ((Number) b.get(i)).doubleValue();
            if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(opt + ": Invalid beta parameter at index " + i + ": " + v);
        }
    }
}
