package dev.jgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.cli.experiments.Experiment;
import dev.jgrad.cli.experiments.Experiments;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExperimentCommandTest {
    @TempDir Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listNamesEveryExperimentWithItsSummary() {
        Run r = run("experiment", "--list");
        assertThat(r.exit()).isZero();
        for (Experiment e : Experiments.all()) assertThat(r.out()).containsPattern("(?m)^" + e.name() + " +" + Pattern.quote(e.summary()));
    }

    @Test
    void runsAnExperimentIntoTheOutputFolderAndPrintsItsConclusion() {
        Run r = run("experiment", "lr-schedules", "--quick", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("CosineAnnealingLR(100)", "wrote " + dir.resolve("lr-schedules.png"));
        assertThat(dir.resolve("lr-schedules.csv")).isRegularFile();
        assertThat(dir.resolve("lr-schedules.png")).isRegularFile();
    }

    @Test
    void unknownOrMissingNameIsAUsageError() {
        Run unknown = run("experiment", "no-such");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown experiment 'no-such'; expected one of optimizers");
        Run missing = run("experiment");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing experiment NAME");
    }
}
