package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvmVsSoftmaxExperimentTest {
    @TempDir Path dir;

    @Test
    void bothLinearClassifiersLearnDigitsAndAStrongPenaltyShrinksTheWeightsUntilTheyUnderfit() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new SvmVsSoftmaxExperiment(), dir);   // 1000 train digits, lambda in 0.0001, 0.01, 1
        for (String kind : new String[] {"svm", "softmax"}) {
            double weak = o.number(kind + ".lambda0.0001.validation_accuracy"), strong = o.number(kind + ".lambda1.validation_accuracy");
            assertThat(weak).as(kind).isGreaterThan(0.8);
            assertThat(strong).as(kind).isLessThan(weak - 0.05);
            assertThat(o.number(kind + ".lambda1.weight_norm")).as(kind).isLessThan(o.number(kind + ".lambda0.0001.weight_norm") / 2);
            assertThat(o.number(kind + ".best_lambda")).as(kind).isLessThan(1);
            assertThat(o.number(kind + ".test_accuracy")).as(kind).isGreaterThan(0.8);
        }
        // the hinge loss stops pushing once the margins are met, cross-entropy never does
        assertThat(o.number("svm.lambda0.0001.weight_norm")).isLessThan(o.number("softmax.lambda0.0001.weight_norm"));
        assertThat(ExperimentFiles.checkCsv(dir.resolve("svm-vs-softmax.csv"))).hasSize(2 * 3);
    }
}
