package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DensityExperimentTest {
    @TempDir Path dir;

    @Test
    void theMixtureFindsTheThreeBranchesThatOneGaussianCanOnlyCover() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new DensityExperiment(), dir);   // 300 points, 500 Adam steps
        assertThat(o.number("gaussian.branches_at_probe")).isEqualTo(1.0);
        assertThat(o.number("gaussian.mu_at_probe")).isBetween(0.4, 0.6);   // between the branches at 0.21, 0.5, 0.79
        assertThat(o.number("gaussian.sigma_at_probe")).isGreaterThan(3 * DensityExperiment.NOISE);
        assertThat(o.number("mdn.branches_at_probe")).isEqualTo(3.0);
        assertThat(o.number("mdn.test_nll")).isLessThan(o.number("gaussian.test_nll") - 0.3);
        assertThat(o.number("mdn.train_nll")).isLessThan(o.number("gaussian.train_nll"));
        assertThat(ExperimentFiles.checkCsv(dir.resolve("density.csv"))).hasSize(2 * 500);
    }
}
