package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropoutWeightDecayExperimentTest {
    @TempDir Path dir;

    @Test
    void thePlainNetworkMemorisesAndDropoutAndWeightDecayNarrowTheLossGap() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new DropoutWeightDecayExperiment(), dir);   // 300 train, 300 validation digits, 15 epochs
        assertThat(o.number("plain.train_accuracy")).isGreaterThan(0.99);
        assertThat(o.number("plain.accuracy_gap")).isGreaterThan(0.1);
        assertThat(o.number("plain.validation_loss")).isGreaterThan(1.1 * o.number("plain.best_validation_loss"));
        assertThat(o.number("weight_decay.train_loss")).isGreaterThan(2 * o.number("plain.train_loss"));
        for (String cure : new String[] {"dropout", "weight_decay"}) {
            assertThat(o.number(cure + ".loss_gap")).as(cure).isLessThan(0.9 * o.number("plain.loss_gap"));
            assertThat(o.number(cure + ".validation_accuracy")).as(cure).isGreaterThan(0.7);
        }
        assertThat(ExperimentFiles.checkCsv(dir.resolve("dropout-weight-decay.csv"))).hasSize(3 * (15 + 1));
    }
}
