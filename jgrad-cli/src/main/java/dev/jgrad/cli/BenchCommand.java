package dev.jgrad.cli;

import dev.jgrad.cli.bench.BenchData;
import dev.jgrad.cli.bench.BenchRun;
import dev.jgrad.cli.bench.BenchTable;
import dev.jgrad.cli.bench.CpuSteal;
import dev.jgrad.cli.bench.PyTorchPeer;
import dev.jgrad.cli.bench.Workload;
import dev.jgrad.io.AtomicFiles;
import dev.jgrad.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code jgrad bench}: the workloads of BENCHMARKS.md, optionally side by side with the PyTorch peer. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training and inference speed on the benchmark workloads (BENCHMARKS.md).")
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--workload", defaultValue = "all", description = "mlp, lenet, cnn, resnet or all (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--epochs", defaultValue = "1", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batches", defaultValue = "0", description = "Train only this many batches per epoch (0: whole epochs).")
    int batches;

    @Option(names = "--threads", description = "Threads for jgrad and the peer (default: all cores).")
    Integer threads;

    @Option(names = "--data", description = "Fashion-MNIST directory (default: /usr/share/datasets/fashion-mnist if present, else the bundled digits).")
    Path data;

    @Option(names = "--json", description = "Write the results to this file, one JSON object per line.")
    Path json;

    @Option(names = "--peer", description = "Also run this peer alternately with jgrad, from jgrad's initial parameters, and print ratios (only: pytorch).")
    String peer;

    @Option(names = "--rounds", defaultValue = "1", description = "How many times to alternate jgrad and the peer (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Interpreter with torch for --peer (default: ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) throw new ParameterException(spec.commandLine(), "--epochs must be >= 1, got " + epochs);
        if (batches < 0) throw new ParameterException(spec.commandLine(), "--batches must be >= 0, got " + batches);
        if (rounds < 1) throw new ParameterException(spec.commandLine(), "--rounds must be >= 1, got " + rounds);
        if (peer != null && !peer.equals("pytorch")) {
            throw new ParameterException(spec.commandLine(), "--peer must be pytorch, got " + peer);
        }
        List<Workload> selected;
        try {
            selected = Workload.select(workload);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + t);
        PrintWriter out = spec.commandLine().getOut();
        Main.startPoolInBackground(t);
        BenchData d = BenchData.load(data);
        out.println("data: " + d.source() + "; threads " + t + (batches > 0 ? "; " + batches + " batches per epoch" : ""));
        out.flush();
        PyTorchPeer torch = peer == null ? null : new PyTorchPeer(python, data);
        List<Map<String, Object>> results = new ArrayList<>();
        BenchTable table = new BenchTable(out);
        Set<String> warned = new HashSet<>();
        for (int round = 0; round < rounds; round++) {
            for (Workload w : selected) {
                CpuSteal steal = CpuSteal.start();
                Map<String, Object> mine = BenchRun.run(w, d, epochs, batches, t, seed);
                steal.record(mine);
                mine.put("gc", InfoCommand.collectors());
                results.add(mine);
                List<String> warnings = new ArrayList<>();
                warnings.add(CpuSteal.warning(mine, "jgrad"));
                Map<String, Object> theirs = null;
                if (torch != null) {
                    steal = CpuSteal.start();
                    theirs = torch.run(w, epochs, batches, t, seed);
                    steal.record(theirs);
                    results.add(theirs);
                    warnings.add(PyTorchPeer.unfairness(theirs));
                    warnings.add(CpuSteal.warning(theirs, "pytorch"));
                }
                table.row(mine, theirs);
                for (String warning : warnings) {
                    if (warning != null && warned.add(warning)) spec.commandLine().getErr().println("jgrad: warning: " + warning);
                }
            }
        }
        if (json != null) {
            StringBuilder lines = new StringBuilder();
            for (Map<String, Object> r : results) lines.append(Json.toJson(r)).append('\n');
            AtomicFiles.write(json, lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        return 0;
    }
}
