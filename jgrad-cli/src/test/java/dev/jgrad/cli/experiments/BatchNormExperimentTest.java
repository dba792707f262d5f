package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchNormExperimentTest {
    @TempDir Path dir;

    @Test
    void normalisationLetsTheDeepNetworkTrainWhereThePlainOneStaysAtChance() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new BatchNormExperiment(), dir);   // 7 layers of 64, 600 digits, 5 epochs
        double chance = Math.log(10);
        assertThat(o.number("plain.final.train_loss")).isGreaterThan(chance - 0.1);
        assertThat(o.number("plain.final.test_accuracy")).isLessThan(0.2);
        assertThat(o.number("batchnorm.final.train_loss")).isLessThan(chance / 2);
        assertThat(o.number("groupnorm.final.train_loss")).isLessThan(chance / 2);
        assertThat(o.number("batchnorm.final.test_accuracy")).isGreaterThan(0.6);
        assertThat(o.number("groupnorm.final.test_accuracy")).isGreaterThan(0.6);
        assertThat(ExperimentFiles.checkCsv(dir.resolve("batchnorm.csv"))).hasSize(3 * (5 + 1));
    }
}
