package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LrSchedulesExperimentTest {
    @TempDir Path dir;

    @Test
    void curvesHaveTheirDefiningValues() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new LrSchedulesExperiment(), dir);
        assertThat(o.number("StepLR(20, 0.5)@19")).isCloseTo(0.1, within(1e-12));
        assertThat(o.number("StepLR(20, 0.5)@20")).isCloseTo(0.05, within(1e-12));
        assertThat(o.number("MultiStepLR([30, 60, 90], 0.1)@60")).isCloseTo(1e-3, within(1e-12));
        assertThat(o.number("CosineAnnealingLR(100)@50")).isCloseTo(0.05, within(1e-12));
        assertThat(o.number("ExponentialLR(0.95)@10")).isCloseTo(0.1 * Math.pow(0.95, 10), within(1e-12));
        // one-cycle: starts at max/25, peaks at max after 30% of the steps
        assertThat(o.number("OneCycleLR(max 0.1)@0")).isCloseTo(0.004, within(1e-12));
        assertThat(o.number("OneCycleLR(max 0.1)@29")).isCloseTo(0.1, within(1e-3));
        assertThat(o.number("warm-up 10 + cosine@0")).isCloseTo(0.01, within(1e-12));
        assertThat(o.number("warm-up 10 + cosine@10")).isCloseTo(0.1, within(1e-12));
        // the plateau starts at epoch 30: patience 10 lets 10 bad epochs pass, the 11th halves the rate
        assertThat(o.number("ReduceLROnPlateau(0.5, patience 10)@41")).isCloseTo(0.1, within(1e-12));
        assertThat(o.number("ReduceLROnPlateau(0.5, patience 10)@42")).isCloseTo(0.05, within(1e-12));
        assertThat(ExperimentFiles.checkCsv(dir.resolve("lr-schedules.csv"))).hasSize(15 * 100);
    }
}
