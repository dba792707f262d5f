package dev.jgrad.cli.bench;

import dev.jgrad.backend.cpu.Gemm;
import dev.jgrad.io.Json;
import dev.jgrad.io.Safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the project's PyTorch peer script (tools/bench/pytorch_bench.py, bundled as a resource) for
 * one workload in a child Python process and returns its JSON result. The child gets
 * {@code OMP_WAIT_POLICY=PASSIVE} so that PyTorch's OpenMP and OpenBLAS pools do not both busy-wait
 * on the same cores (its best configuration on the benchmark machines), and the OpenBLAS kernel set
 * that jgrad's newer OpenBLAS detected ({@code OPENBLAS_CORETYPE}): Debian's OpenBLAS 0.3.21 does
 * not know recent Xeons (e.g. family 6 model 207) and would run PyTorch's GEMMs on its generic
 * SSE3 "Prescott" kernels, about 1.5x slower than its AVX-512 ones. A variable already set in
 * jgrad's own environment is passed on unchanged. The peer's model starts from jgrad's initial
 * parameters ({@link #writeInitialParameters}).
 */
public final class PyTorchPeer {
    static final String SCRIPT_RESOURCE = "/dev/jgrad/cli/bench/pytorch_bench.py";

    private final Path python;
    private final Path data;
    private Path script;

    /** {@code data} null lets the script use its default (the Debian Fashion-MNIST directory). */
    public PyTorchPeer(Path python, Path data) {
        this.python = python;
        this.data = data;
    }

    public Map<String, Object> run(Workload w, int epochs, int batches, int threads, long seed) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jgrad-peer-", ".json"), init = Files.createTempFile("jgrad-peer-init-", ".safetensors");
        try {
            writeInitialParameters(w, seed, init);
            List<String> cmd = new ArrayList<>(List.of(python.toString(), script().toString(), "--workload", w.id(),
                    "--epochs", Integer.toString(epochs), "--threads", Integer.toString(threads), "--seed", Long.toString(seed),
                    "--init", init.toString(), "--json", out.toString()));
            if (batches > 0) cmd.addAll(List.of("--limit-batches", Integer.toString(batches)));
            if (data != null) cmd.addAll(List.of("--data", data.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            String core = Gemm.nativeCoreName();
            if (core != null) pb.environment().putIfAbsent("OPENBLAS_CORETYPE", core);
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0 || Files.size(out) == 0) {
                throw new IllegalStateException("PyTorch peer failed for workload " + w.id() + " (exit " + rc + "): " + lastLines(log));
            }
            return Json.toMap(Files.readString(out).strip());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(init);
        }
    }

    /**
     * The parameters jgrad's run of this workload starts from ({@code w.model(seed)}), under the
     * names PyTorch's model gives the same layers, for the peer to start from as well: the two
     * sides then train from the same numbers on the same batches, and their test accuracies differ
     * only by what their arithmetic does, not by two random initialisations.
     */
    static void writeInitialParameters(Workload w, long seed, Path file) throws IOException {
        Safetensors.save(w.model(seed).namedParameters(), file);
    }

    /**
     * Why a peer result is not PyTorch's best, or null. Debian's torch calls whatever
     * {@code libblas.so.3} the system provides; without OpenBLAS that is the reference BLAS, and
     * every Linear layer runs several times slower than it can.
     */
    public static String unfairness(Map<String, Object> result) {
        if (result.get("openblas") instanceof Map<?, ?> blas && blas.containsKey("error")) {
            return "PyTorch peer runs without OpenBLAS (" + blas.get("error") + "): its GEMM is the reference BLAS, so ratios "
                    + "flatter jgrad; install Debian's libopenblas0-pthread for a fair peer";
        }
        if (result.get("openblas") instanceof Map<?, ?> blas && "Prescott".equals(blas.get("corename"))
                && !"Prescott".equals(Gemm.nativeCoreName())) {
            return "PyTorch peer's OpenBLAS runs its generic Prescott kernels while jgrad's uses " + Gemm.nativeCoreName()
                    + ": ratios flatter jgrad; unset OPENBLAS_CORETYPE or set it to a kernel set this CPU supports";
        }
        return null;
    }

    private Path script() throws IOException {
        if (script == null) {
            try (InputStream in = PyTorchPeer.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) throw new IllegalStateException("classpath resource not found: " + SCRIPT_RESOURCE);
                script = Files.createTempFile("jgrad-pytorch-bench-", ".py");
                script.toFile().deleteOnExit();
                Files.write(script, in.readAllBytes());
            }
        }
        return script;
    }

    private static String lastLines(String log) {
        String[] lines = log.strip().split("\\R");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }
}
