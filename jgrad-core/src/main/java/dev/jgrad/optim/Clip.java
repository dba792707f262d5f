package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = Clip.clipGradNorm_(model.parameters(), 1.0);
 * opt.step();
 * }</pre>
 */
public final class Clip {
    private Clip() {}

    /** {@link #clipGradNorm_(Iterable, double, double, boolean)} with the 2-norm, no non-finite check. */
    public static double clipGradNorm_(Iterable<Tensor> params, double maxNorm) {
        return clipGradNorm_(params, maxNorm, 2.0, false);
    }

    /**
     * Scales all gradients together so that their joint norm is at most {@code maxNorm}:
     * total = ‖(‖g₁‖, ‖g₂‖, …)‖ (the norm of all gradient elements as one vector; normType
     * {@code Double.POSITIVE_INFINITY} for the max-abs norm), coef = maxNorm / (total + 1e-6),
     * and every gradient is multiplied by coef when coef &lt; 1. Parameters without gradient
     * are skipped. Returns the total norm before clipping (0 when there are no gradients).
     *
     * @throws IllegalStateException if {@code errorIfNonfinite} and the norm is NaN or infinite
     */
    public static double clipGradNorm_(Iterable<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(normType > 0)) throw new IllegalArgumentException("clipGradNorm_: normType must be positive or infinity, got " + normType);
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double acc = 0;
        int count = 0;
        for (Tensor p : params) {
            if (p.grad() == null) continue;
            count++;
            for (double v : p.grad().contiguous().toDoubleArray()) {
                double a = Math.abs(v);
                if (inf) acc = Double.isNaN(a) || Double.isNaN(acc) ? Double.NaN : Math.max(acc, a);
                else acc += normType == 2 ? a * a : Math.pow(a, normType);
            }
        }
        if (count == 0) return 0;
        double total = inf ? acc : normType == 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm_: the total norm of order " + normType + " for gradients is non-finite ("
                    + total + "), so it cannot be clipped; to disable this error and scale the gradients by the non-finite norm "
                    + "anyway, pass errorIfNonfinite = false");
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1 || Double.isNaN(coef)) {
            try (var s = Autograd.noGrad()) {
                for (Tensor p : params) if (p.grad() != null) p.grad().mul_(coef);
            }
        }
        return total;
    }

    /** Clamps every gradient element to [−clipValue, clipValue] in place. */
    public static void clipGradValue_(Iterable<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipGradValue_: clipValue must be >= 0, got " + clipValue);
        try (var s = Autograd.noGrad()) {
            for (Tensor p : params) if (p.grad() != null) p.grad().clamp_(-clipValue, clipValue);
        }
    }
}
