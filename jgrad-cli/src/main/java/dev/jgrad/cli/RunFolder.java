package dev.jgrad.cli;

import dev.jgrad.io.AtomicFiles;
import dev.jgrad.nn.Module;
import dev.jgrad.train.ClassificationMetrics;
import dev.jgrad.train.EpochResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The files of a run folder that {@code train} writes and {@code eval}/{@code predict} read. */
final class RunFolder {
    static final String MODEL = "model.safetensors";
    static final String SUMMARY = "summary.txt";

    private RunFolder() {}

    /** A run folder's model file, or the path itself when it is a file. */
    static Path modelFile(Path runOrModel) throws IOException {
        Path file = Files.isDirectory(runOrModel) ? runOrModel.resolve(MODEL) : runOrModel;
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such model file or run folder");
        return file;
    }

    static void writeSummary(Path runDir, TrainConfig cfg, Module model, int[] shape, List<EpochResult> history,
            ClassificationMetrics heldOut, List<String> classes, double seconds) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "jgrad run %s%n%nmodel %s on %s, %d epochs, batch %d, %s lr %s (%s), seed %d, %d threads%n%n",
                runDir.getFileName(), cfg.model(), String.join(" ", cfg.dataset()), history.size(), cfg.batchSize(), cfg.optimizer(), cfg.lr(),
                cfg.schedule(), cfg.seed(), cfg.threads()));
        s.append(model.summary(1, shape[0], shape[1], shape[2])).append('\n');
        s.append("epoch  train loss  train acc  held-out loss  held-out acc  seconds\n");
        for (EpochResult r : history) {
            s.append(String.format(Locale.ROOT, "%5d  %10.4f  %8.2f%%  %13.4f  %11.2f%%  %7.1f%n", r.epoch(), r.train().get("loss"),
                    100 * r.train().get("accuracy"), r.validation().get("loss"), 100 * r.validation().get("accuracy"), r.seconds()));
        }
        s.append('\n').append(Reports.accuracyLine("held-out", heldOut)).append('\n');
        s.append(Reports.perClass(heldOut, classes));
        s.append(String.format(Locale.ROOT, "%ntotal time %.1f s%n", seconds));
        AtomicFiles.write(runDir.resolve(SUMMARY), s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
