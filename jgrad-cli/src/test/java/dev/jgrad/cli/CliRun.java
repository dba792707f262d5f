package dev.jgrad.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Exit code, stdout and stderr of one in-process run of the {@code jgrad} command line. */
record CliRun(int exit, String out, String err) {
    static CliRun of(String... args) {
        return of(Main.newCommandLine(), args);
    }

    static CliRun of(CommandLine cl, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
