package dev.jgrad.cli.experiments;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One of the lectures' experiments ({@code jgrad experiment NAME}): it computes something small,
 * writes a PNG figure and a CSV table into a folder and returns its conclusion with the key numbers.
 *
 * <p>To add one, implement this interface in this package and list it in {@link Experiments#ALL}.
 */
public interface Experiment {
    /** The command-line name, e.g. {@code init-stats}. */
    String name();

    /** One line for {@code jgrad experiment --list}. */
    String summary();

    /**
     * Runs the experiment and writes its files into {@code dir} (which exists).
     *
     * @param quick a much smaller configuration (seconds) that shows the same effect, for tests
     * @param seed seeds every random draw, so a run repeats exactly
     */
    Outcome run(Path dir, boolean quick, long seed) throws IOException;
}
