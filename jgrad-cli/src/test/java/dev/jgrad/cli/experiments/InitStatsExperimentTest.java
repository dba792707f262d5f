package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitStatsExperimentTest {
    @TempDir Path dir;

    @Test
    void smallWeightsCollapseXavierKeepsTanhAndHeKeepsReluHealthy() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new InitStatsExperiment(), dir);   // width 256
        assertThat(o.number("tanh.N(0,0.01).layer6.std")).isLessThan(1e-3);
        assertThat(o.number("relu.N(0,0.01).layer6.std")).isLessThan(1e-3);
        assertThat(o.number("tanh.Xavier.layer6.std")).isBetween(0.1, 1.0);
        assertThat(o.number("tanh.Xavier.layer6.mean")).isCloseTo(0, within(0.05));
        double he1 = o.number("relu.He.layer1.std");
        assertThat(o.number("relu.He.layer6.std")).isBetween(0.5 * he1, 2 * he1);
        assertThat(o.conclusion()).contains("tanh N(0,0.01)").contains("shrinks towards zero");

        // every tanh value falls in one of the [-1, 1] bins
        double sum = ExperimentFiles.checkCsv(dir.resolve("init-stats-histograms.csv")).stream()
                .filter(r -> r[0].equals("tanh") && r[1].equals("Xavier") && r[2].equals("6"))
                .mapToDouble(r -> Double.parseDouble(r[5])).sum();
        assertThat(sum).isCloseTo(1, within(1e-9));
        assertThat(ExperimentFiles.checkCsv(dir.resolve("init-stats.csv"))).hasSize(2 * 4 * 6);
    }
}
