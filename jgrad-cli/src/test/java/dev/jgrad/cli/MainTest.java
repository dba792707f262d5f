package dev.jgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {


  @Test
  void infoPrintsVersionJdkBackendThreadsAndSimdWidth() {
    CliRun r = CliRun.of("info");
    int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("simd:", bits + "-bit", "processors:", "max heap:", "java home:", "gemm:", "openblas-0.3.28 (")
        .containsPattern("(?m)^backend: +cpu \\(dev\\.jgrad\\.backend\\.cpu\\.CpuBackend\\)$")
        .containsPattern("(?m)^threads: +" + dev.jgrad.backend.cpu.Parallel.threads() + " ")
        .contains(System.getProperty("java.home"))
        .containsPattern("(?m)^collector: +" + java.util.regex.Pattern.quote(InfoCommand.collectors()) + " \\(")
        .contains(Versions.jgrad());
  }

  @Test
  void versionIsFilteredFromThePom() {
    assertThat(Versions.jgrad()).isNotEqualTo("unknown").doesNotContain("${");
    CliRun r = CliRun.of("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("jgrad " + Versions.jgrad());
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun r = CliRun.of("--no-such-option");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void missingSubcommandIsAUsageError() {
    CliRun r = CliRun.of();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required subcommand", "Usage: jgrad");
  }

  @Test
  void helpExitsZero() {
    CliRun r = CliRun.of("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: jgrad", "info", "--debug");
    assertThat(CliRun.of("help", "info").exit()).isZero();
    assertThat(CliRun.of("info", "--help").exit()).isZero();
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("it broke\n  badly", new RuntimeException("cause"));
    }
  }

  @Test
  void runtimeErrorIsOneLineWithoutStackTrace() {
    CommandLine cl = Main.newCommandLine().addSubcommand(new Boom());
    CliRun r = CliRun.of(cl, "boom");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("jgrad: error: it broke badly" + System.lineSeparator());
  }

  @Test
  void debugPrintsTheStackTraceBeforeOrAfterTheSubcommand() {
    for (String[] args : new String[][] {{"--debug", "boom"}, {"boom", "--debug"}}) {
      CommandLine cl = Main.newCommandLine().addSubcommand(new Boom());
      CliRun r = CliRun.of(cl, args);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err())
          .contains("java.lang.IllegalStateException: it broke", "at dev.jgrad.cli.MainTest$Boom")
          .contains("Caused by: java.lang.RuntimeException: cause")
          .endsWith("jgrad: error: it broke badly" + System.lineSeparator());
    }
  }

  @Test
  void messagelessExceptionsUseTheClassName() {
    assertThat(Main.oneLineMessage(new UnsupportedOperationException()))
        .isEqualTo("UnsupportedOperationException");
  }
}
