package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsItA5ExperimentTest {
    @TempDir Path dir;

    @Test
    void sgdLearnsInOnePassWhatFullBatchGradientDescentNeedsManyPassesFor() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new IsItA5Experiment(), dir);   // 1000 train, 500 test digits; 60 GD, 3 SGD passes
        double baseline = o.number("fives_share_test");
        assertThat(baseline).isBetween(0.08, 0.12);
        assertThat(o.number("sgd.epoch1.test_error")).isLessThan(o.number("gd.epoch1.test_error"));
        assertThat(o.number("gd.epochs_to_sgd_epoch1")).isGreaterThan(5);
        for (String method : new String[] {"gd", "sgd"}) {
            assertThat(o.number(method + ".final.test_error")).as(method).isLessThan(0.7 * baseline);
            assertThat(o.number(method + ".final.train_error")).as(method).isLessThanOrEqualTo(o.number(method + ".final.test_error"));
        }
        // GD: passes 0..60, SGD: pass 0 and ten points per pass for 3 passes
        assertThat(ExperimentFiles.checkCsv(dir.resolve("is-it-a-5.csv"))).hasSize(61 + 31);
    }
}
