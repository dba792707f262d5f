package dev.jgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The compiler directives that the {@code jgrad} launcher passes to the JVM (BENCHMARKS.md, round 23). */
class JitDirectivesTest {
    private record Run(int exit, String output) {}

    /** {@code java -version} with {@code directives} as the compiler directives file. */
    private static Run javaWith(Path directives) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + directives, "-version")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    @Test
    void theLaunchersDirectivesParse() throws IOException, InterruptedException {
        Run run = javaWith(Path.of("jit", "directives.json").toAbsolutePath());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("1 compiler directives added");
    }

    /** Why the file is tested: one HotSpot cannot parse stops the JVM, so the launcher would run nothing. */
    @Test
    void aFileThatDoesNotParseStopsTheJvm(@TempDir Path dir) throws IOException, InterruptedException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"match\": [\"jdk/incubator/vector/*.*\"], \"c2\": {\"Exclude\": tru}}]");
        assertThat(javaWith(broken).exit()).isNotZero();
    }
}
