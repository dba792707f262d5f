package dev.jgrad.cli;

import dev.jgrad.backend.Backend;
import dev.jgrad.backend.Backends;
import dev.jgrad.backend.cpu.Gemm;
import dev.jgrad.backend.cpu.Parallel;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jgrad info}: versions, JVM, hardware, compute backend, threads, SIMD width and GEMM kernel. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Print jgrad, Java, OS, backend, threads and SIMD (Vector API) information.")
final class InfoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Runtime rt = Runtime.getRuntime();
    row(out, "jgrad", Versions.jgrad());
    row(out, "java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    row(out, "java home", System.getProperty("java.home"));
    row(
        out,
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")");
    row(out, "processors", Integer.toString(rt.availableProcessors()));
    Backend backend = Backends.cpu();
    row(out, "backend", backend.device() + " (" + backend.getClass().getName() + ")");
    row(out, "threads", Parallel.threads() + " (set with -Djgrad.threads=N)");
    row(out, "simd", simd());
    row(out, "gemm", Gemm.implementation() + " (-Djgrad.blas=java for the Vector API kernel)");
    row(out, "max heap", bytes(rt.maxMemory()));
    row(out, "collector", collectors() + " (JGRAD_JAVA_OPTS=-XX:+Use...GC for another)");
    out.flush();
    return 0;
  }

  /** The garbage collectors' names, as the JVM reports them ("Copy, MarkSweepCompact": serial). */
  static String collectors() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(", "));
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("%-11s %s%n", key + ":", value);
  }

  private static String simd() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "unavailable (start the JVM with --add-modules jdk.incubator.vector)";
    }
    int bits = Simd.preferredFloatBits();
    return bits + "-bit (FloatVector.SPECIES_PREFERRED, " + bits / Float.SIZE + " floats)";
  }

  static String bytes(long n) {
    if (n == Long.MAX_VALUE) {
      return "unlimited";
    }
    double gib = n / (1024.0 * 1024 * 1024);
    return gib >= 1
        ? String.format(Locale.ROOT, "%.1f GiB", gib)
        : String.format(Locale.ROOT, "%.0f MiB", n / (1024.0 * 1024));
  }

  /** Separate class so the Vector API is only linked when the module is present. */
  static final class Simd {
    private Simd() {}

    static int preferredFloatBits() {
      return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
  }
}
