package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizersExperimentTest {
    @TempDir Path dir;

    @Test
    void momentumAndAdaptiveMethodsBeatPlainSgdOnTheIllConditionedQuadratic() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new OptimizersExperiment(), dir);
        double sgd = o.number("quadratic.SGD");
        assertThat(o.number("quadratic.Nesterov")).isLessThan(sgd / 10);
        assertThat(o.number("quadratic.Adam")).isLessThan(sgd);
        assertThat(o.number("rosenbrock.Adam")).isLessThan(o.number("rosenbrock.SGD"));
        // 6 optimisers × (steps + 1) rows per function: 50 + 1 and 200 + 1 in the quick run
        assertThat(ExperimentFiles.checkCsv(dir.resolve("optimizers.csv"))).hasSize(6 * (51 + 201));
    }
}
