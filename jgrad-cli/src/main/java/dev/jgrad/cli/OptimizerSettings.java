package dev.jgrad.cli;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.Optimizers;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimisers {@code jgrad train} offers and how its options map to their PyTorch keyword
 * arguments. Which option applies to which optimiser is read from the optimiser's own defaults,
 * and values are checked by the optimiser's own validation.
 */
final class OptimizerSettings {
    /** Command-line name to class name, in the order --help lists them. */
    static final Map<String, String> OPTIMIZERS = ordered("sgd", "SGD", "adam", "Adam", "adamw", "AdamW", "rmsprop", "RMSprop",
            "adagrad", "Adagrad", "adadelta", "Adadelta", "nadam", "NAdam", "radam", "RAdam");
    /** Optimiser options of {@code jgrad train} and the keyword each sets. */
    static final Map<String, String> KEYWORDS = ordered("--momentum", "momentum", "--nesterov", "nesterov", "--dampening", "dampening",
            "--betas", "betas", "--eps", "eps", "--amsgrad", "amsgrad", "--alpha", "alpha", "--centered", "centered", "--rho", "rho",
            "--lr-decay", "lr_decay", "--initial-accumulator", "initial_accumulator_value", "--momentum-decay", "momentum_decay",
            "--weight-decay", "weight_decay");

    private OptimizerSettings() {}

    /** The keyword arguments of {@code cfg}'s optimiser: every setting it takes that is not left to its default. */
    static Map<String, Object> kwargs(TrainConfig cfg) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("lr", cfg.lr());
        all.put("momentum", cfg.momentum());
        all.put("nesterov", cfg.nesterov());
        all.put("dampening", cfg.dampening());
        all.put("betas", cfg.betas());
        all.put("eps", cfg.eps());
        all.put("amsgrad", cfg.amsgrad());
        all.put("alpha", cfg.alpha());
        all.put("centered", cfg.centered());
        all.put("rho", cfg.rho());
        all.put("lr_decay", cfg.lrDecay());
        all.put("initial_accumulator_value", cfg.initialAccumulator());
        all.put("momentum_decay", cfg.momentumDecay());
        all.put("weight_decay", cfg.weightDecay());
        Set<String> accepted = keywords(cfg.optimizer());
        Map<String, Object> kwargs = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (value != null && accepted.contains(key)) kwargs.put(key, value);
        });
        return kwargs;
    }

    static Optimizer create(TrainConfig cfg, Iterable<Tensor> params) {
        return Optimizers.create(OPTIMIZERS.get(cfg.optimizer()), params, kwargs(cfg));
    }

    /** Builds {@code cfg}'s optimiser on a stand-in parameter, so that bad values fail before any data are loaded. */
    static void check(TrainConfig cfg) {
        if (cfg.betas() != null && cfg.betas().size() != 2) throw new IllegalArgumentException("--betas takes two values B1,B2, got " + cfg.betas());
        create(cfg, standIn());
    }

    /** The keyword arguments optimiser {@code name} (a command-line name) takes. */
    static Set<String> keywords(String name) {
        return Optimizers.create(OPTIMIZERS.get(name), standIn(), Map.of()).defaults().keySet();
    }

    /** The options of {@code jgrad train} that optimiser {@code name} takes. */
    static List<String> options(String name) {
        Set<String> accepted = keywords(name);
        return KEYWORDS.entrySet().stream().filter(e -> accepted.contains(e.getValue())).map(Map.Entry::getKey).toList();
    }

    private static List<Tensor> standIn() {
        return List.of(Tensors.zeros(1).requiresGrad_(true));
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put(keyValues[i], keyValues[i + 1]);
        return java.util.Collections.unmodifiableMap(map);
    }
}
