package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnnCvExperimentTest {
    @TempDir Path dir;

    @Test
    void crossValidationPicksTheBestKAndItGeneralises() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new KnnCvExperiment(), dir);   // 500 train, 200 test digits, k in 1, 3, 5, 9
        double best = o.number("best_cv_accuracy");
        for (String metric : new String[] {"L1", "L2"}) {
            for (int k : new int[] {1, 3, 5, 9}) assertThat(o.number(metric + ".k" + k + ".cv_accuracy")).isBetween(0.6, best);
        }
        assertThat(best).isGreaterThan(0.8);
        assertThat(o.number("test_accuracy")).isBetween(best - 0.1, 1.0);
        assertThat(ExperimentFiles.checkCsv(dir.resolve("knn-cv.csv"))).hasSize(2 * 4 * 5);
    }
}
