package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.Map;

/**
 * Builds an optimiser from its PyTorch class name and PyTorch keyword arguments, for
 * configuration files and the command line.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.create("AdamW", model.parameters(), Map.of("lr", 3e-4, "weight_decay", 0.05));
 * }</pre>
 */
public final class Optimizers {
    private Optimizers() {}

    public static Optimizer create(String name, Iterable<Tensor> params, Map<String, ?> kwargs) {
        return switch (name) {
            case "SGD" -> new SGD(params, new SGD.Options().setAll(kwargs));
            case "Adagrad" -> new Adagrad(params, new Adagrad.Options().setAll(kwargs));
            case "RMSprop" -> new RMSprop(params, new RMSprop.Options().setAll(kwargs));
            case "Adadelta" -> new Adadelta(params, new Adadelta.Options().setAll(kwargs));
            case "Adam" -> new Adam(params, new Adam.Options().setAll(kwargs));
            case "AdamW" -> new AdamW(params, new AdamW.Options().setAll(kwargs));
            case "NAdam" -> new NAdam(params, new NAdam.Options().setAll(kwargs));
            case "RAdam" -> new RAdam(params, new RAdam.Options().setAll(kwargs));
            case "LBFGS" -> new LBFGS(params, new LBFGS.Options().setAll(kwargs));
            case "GradientDescent" -> new GradientDescent(params, ((Number) kwargs.get("lr")).doubleValue());
            case "Newton" -> new Newton(params, new Newton.Options().setAll(kwargs));
            default -> throw new IllegalArgumentException("Optimizers: unknown optimizer '" + name + "'; expected one of SGD, Adagrad, "
                    + "RMSprop, Adadelta, Adam, AdamW, NAdam, RAdam, LBFGS, GradientDescent, Newton");
        };
    }
}
