package dev.jgrad.cli;

import dev.jgrad.backend.cpu.Parallel;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code jgrad} command line.
 *
 * <p>To add a subcommand, write a picocli {@code @Command} class in this package (implementing
 * {@code Callable<Integer>} or {@code Runnable}; write to {@code spec.commandLine().getOut()}) and
 * add it to {@code subcommands} below. Throw any exception for a runtime failure: it becomes one
 * line {@code jgrad: error: <message>} on stderr and exit code 1 (full stack trace with
 * {@code --debug}). Throw {@link ParameterException} for bad arguments: its message on one line,
 * a pointer to the command's {@code --help} (the usage itself for {@code jgrad} alone), exit code 2.
 */
@Command(
    name = "jgrad",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Deep learning for the JVM.",
    subcommands = {
      CommandLine.HelpCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      SummaryCommand.class,
      InfoCommand.class,
      BenchCommand.class,
      ExperimentCommand.class,
    })
public final class Main implements Runnable {

  /** Exit code for a runtime failure; 0 is success and 2 a usage error (picocli's defaults). */
  public static final int EXIT_ERROR = 1;

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print full stack traces for errors.")
  boolean debug;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Starts jgrad's thread pool with {@code threads} threads from a background thread and returns
   * at once, so that a command can read its data meanwhile: binding the native BLAS (part of the
   * pool's start) spins dozens of classes, and the JIT then compiles what spins them for about half
   * a second, which falls before the first training step instead of into it (BENCHMARKS.md, round
   * 23). The pool's class is first touched on that thread, so its start is not run here. Call
   * {@link Parallel#setThreads} before the work itself: it waits for the pool started here, and
   * reports a thread count below 1, for which nothing is started. What runs in between may run on
   * the default pool or on this one, so its results must not depend on the thread count (reading,
   * splitting and measuring the data do not: plain loops, copies and maxima).
   */
  static void startPoolInBackground(int threads) {
    if (threads >= 1) Thread.ofPlatform().daemon().name("jgrad-pool-start").start(() -> Parallel.setThreads(threads));
  }

  /** Runs the command line and returns its exit code (for tests; {@link #main} exits with it). */
  public static int execute(String... args) {
    return newCommandLine().execute(args);
  }

  /** A configured {@code jgrad} command line; tests may redirect its out/err writers. */
  public static CommandLine newCommandLine() {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpAutoWidth(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine command = ex.getCommandLine();
          PrintWriter err = command.getErr();
          err.println(oneLineMessage(ex));
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          if (command.getSubcommands().isEmpty()) {
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
          } else {
            err.print(command.getUsageMessage());
          }
          err.flush();
          return command.getCommandSpec().exitCodeOnInvalidInput();
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (main.debug) {
            ex.printStackTrace(err);
          }
          err.println("jgrad: error: " + oneLineMessage(ex));
          err.flush();
          return EXIT_ERROR;
        });
    return cl;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The first non-blank message in the cause chain on one line, else the exception's class. */
  static String oneLineMessage(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank()) {
        String line = m.strip().replaceAll("\\s*\\R\\s*", " ");
        return t instanceof OutOfMemoryError ? "out of memory (" + line + ")" : line;
      }
    }
    return ex.getClass().getSimpleName();
  }

  /** {@code jgrad --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "jgrad " + Versions.jgrad(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
