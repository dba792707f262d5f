package dev.jgrad.cli.experiments;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One of the lectures' experiments ({@code jgrad experiment NAME}): it computes something small,
 * writes a PNG figure and a CSV table into a folder and returns its conclusion with the key numbers.
 *
 * <p>To add one, extend this class in this package and list it in {@link Experiments#ALL}.
 */
public abstract class Experiment {
    private final String name;
    private final String summary;

    /** @param name the command-line name, e.g. {@code init-stats}; @param summary one line for {@code --list} */
    protected Experiment(String name, String summary) {
        this.name = name;
        this.summary = summary;
    }

    public final String name() {
        return name;
    }

    public final String summary() {
        return summary;
    }

    /**
     * Runs the experiment and writes its files into {@code dir} (which exists).
     *
     * @param quick a much smaller configuration (seconds) that shows the same effect, for tests
     * @param seed seeds every random draw, so a run repeats exactly
     */
    public abstract Outcome run(Path dir, boolean quick, long seed) throws IOException;
}
