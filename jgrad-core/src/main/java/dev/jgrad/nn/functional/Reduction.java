package dev.jgrad.nn.functional;

import dev.jgrad.tensor.Tensor;

import java.util.Locale;

/**
 * How a loss turns per-element losses into its result, like PyTorch's {@code reduction=}:
 * {@code NONE} keeps them, {@code MEAN} averages, {@code SUM} adds. {@code BATCHMEAN} (sum
 * divided by the batch size) is accepted by {@link Losses#klDiv} only.
 *
 * <pre>{@code
 * Losses.mseLoss(pred, target, Reduction.of("sum"));
 * }</pre>
 */
public enum Reduction {
    NONE, MEAN, SUM, BATCHMEAN;

    /** Parses PyTorch's names: "none", "mean", "sum", "batchmean". */
    public static Reduction of(String name) {
        return switch (name) {
            case "none" -> NONE;
            case "mean" -> MEAN;
            case "sum" -> SUM;
            case "batchmean" -> BATCHMEAN;
            default -> throw new IllegalArgumentException("reduction must be one of none, mean, sum, batchmean; got \"" + name + "\"");
        };
    }

    /** Applies NONE, MEAN or SUM; {@code op} names the loss in the error for BATCHMEAN. */
    public Tensor apply(String op, Tensor loss) {
        return switch (this) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new IllegalArgumentException(op + ": reduction \"batchmean\" is only supported by kl_div");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
