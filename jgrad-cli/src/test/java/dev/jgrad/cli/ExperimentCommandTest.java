package dev.jgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.cli.experiments.Experiment;
import dev.jgrad.cli.experiments.Experiments;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {
    @TempDir Path dir;


    @Test
    void listNamesEveryExperimentWithItsSummary() {
        CliRun r = CliRun.of("experiment", "--list");
        assertThat(r.exit()).isZero();
        for (Experiment e : Experiments.all()) assertThat(r.out()).containsPattern("(?m)^" + e.name() + " +" + Pattern.quote(e.summary()));
    }

    @Test
    void runsAnExperimentIntoTheOutputFolderAndPrintsItsConclusion() {
        CliRun r = CliRun.of("experiment", "lr-schedules", "--quick", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("CosineAnnealingLR(100)", "wrote " + dir.resolve("lr-schedules.png"));
        assertThat(dir.resolve("lr-schedules.csv")).isRegularFile();
        assertThat(dir.resolve("lr-schedules.png")).isRegularFile();
    }

    @Test
    void unknownOrMissingNameIsAUsageError() {
        CliRun unknown = CliRun.of("experiment", "no-such");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown experiment 'no-such'; expected one of optimizers");
        CliRun missing = CliRun.of("experiment");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing experiment NAME");
    }
}
