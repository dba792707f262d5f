package dev.jgrad.cli.experiments;

import java.util.List;
import java.util.stream.Collectors;

/** The experiments that {@code jgrad experiment} knows, in the order {@code --list} shows them. */
public final class Experiments {
    static final List<Experiment> ALL = List.of(
            new OptimizersExperiment(),
            new LrSchedulesExperiment(),
            new InitStatsExperiment(),
            new GradientCheckpointingExperiment(),
            new ConvAsMatmulExperiment(),
            new KnnCvExperiment(),
            new IsItA5Experiment(),
            new SvmVsSoftmaxExperiment(),
            new BatchNormExperiment(),
            new DropoutWeightDecayExperiment(),
            new DensityExperiment(),
            new FiltersExperiment());

    private Experiments() {}

    public static List<Experiment> all() {
        return ALL;
    }

    public static Experiment byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown experiment '" + name + "'; expected one of " + ALL.stream().map(Experiment::name).collect(Collectors.joining(", "))));
    }
}
