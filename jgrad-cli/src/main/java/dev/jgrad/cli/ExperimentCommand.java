package dev.jgrad.cli;

import dev.jgrad.cli.experiments.Experiment;
import dev.jgrad.cli.experiments.Experiments;
import dev.jgrad.cli.experiments.Outcome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jgrad experiment NAME}: one of the lectures' experiments, its figure, table and conclusion. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run one of the lectures' experiments: it writes a PNG figure and a CSV table and prints what it shows.")
final class ExperimentCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The experiment (see --list).")
    String name;

    @Option(names = "--list", description = "List the experiments and exit.")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/experiments/NAME).")
    Path out;

    @Option(names = "--quick", description = "A much smaller configuration that runs in seconds.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (list) {
            for (Experiment e : Experiments.all()) w.printf(Locale.ROOT, "%-24s %s%n", e.name(), e.summary());
            return 0;
        }
        if (name == null) throw new ParameterException(spec.commandLine(), "Missing experiment NAME (see --list)");
        Experiment experiment;
        try {
            experiment = Experiments.byName(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = out != null ? out : Path.of("runs", "experiments", experiment.name());
        Files.createDirectories(dir);
        long start = System.nanoTime();
        Outcome outcome = experiment.run(dir, quick, seed);
        w.println(outcome.conclusion().strip());
        w.printf(Locale.ROOT, "wrote %s (%.1f s)%n", String.join(", ", outcome.files().stream().map(Path::toString).toList()),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
