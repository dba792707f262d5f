package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiltersExperimentTest {
    @TempDir Path dir;

    @Test
    void trainingMovesTheFiltersAndDrawsEveryFilterAndFeatureMap() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new FiltersExperiment(), dir);
        assertThat(o.number("test_accuracy")).isGreaterThan(0.75);                 // three epochs on 2,000 digits
        // trained, not untouched (r = 1) and not unrelated (r ~ 0) to the start
        assertThat(o.number("mean_correlation_with_init")).isBetween(0.2, 0.999);
        for (int f = 0; f < 6; f++) assertThat(o.number("correlation_with_init." + f)).isLessThan(0.9999);
        assertThat(ExperimentFiles.checkCsv(dir.resolve("filters.csv"))).hasSize(6 * 25 * 2);
        ExperimentFiles.checkPng(dir.resolve("feature-maps.png"));
    }
}
