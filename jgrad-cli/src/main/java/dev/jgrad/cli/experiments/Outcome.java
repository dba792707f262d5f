package dev.jgrad.cli.experiments;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an experiment found: a short text for people, its key numbers by name (for tests and
 * scripts), and the files it wrote.
 */
public record Outcome(String conclusion, Map<String, Double> numbers, List<Path> files) {
    public Outcome {
        numbers = Map.copyOf(numbers);
        files = List.copyOf(files);
    }

    /** The number called {@code name}; fails naming the known ones if there is none. */
    public double number(String name) {
        Double v = numbers.get(name);
        if (v == null) throw new IllegalArgumentException("Outcome: no number '" + name + "'; have " + numbers.keySet());
        return v;
    }
}
