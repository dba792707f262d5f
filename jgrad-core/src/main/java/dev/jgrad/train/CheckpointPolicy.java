package dev.jgrad.train;

import dev.jgrad.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where and when a {@link Trainer} saves checkpoints: {@code dir/step-<global step>.ckpt} at the end
 * of every epoch and, if {@code everySteps > 0}, every that many steps inside an epoch, keeping the
 * newest {@code keepLast}; plus {@code dir/best.ckpt} whenever the epoch's {@code best}
 * metric is the best so far (null: no best checkpoint).
 *
 * <pre>{@code
 * new CheckpointPolicy(runDir.resolve("checkpoints"), 100, 3, Monitor.max("accuracy"));
 * }</pre>
 */
public record CheckpointPolicy(Path dir, int everySteps, int keepLast, Monitor best) {
    public static final String BEST = "best.ckpt";
    private static final Pattern STEP_FILE = Pattern.compile("step-(\\d+)\\.ckpt");

    public CheckpointPolicy {
        if (everySteps < 0) throw new IllegalArgumentException("CheckpointPolicy: everySteps must be >= 0, got " + everySteps);
        if (keepLast < 1) throw new IllegalArgumentException("CheckpointPolicy: keepLast must be >= 1, got " + keepLast);
    }

    /** Writes the checkpoint of {@code state} (taken at {@code state.step()}) and deletes the oldest beyond keepLast. */
    Path save(TrainState state) throws IOException {
        Path file = dir.resolve(String.format("step-%09d.ckpt", state.step()));
        Checkpoints.write(file, state);
        List<Path> all = stepFiles(dir);
        for (int i = 0; i < all.size() - keepLast; i++) Files.deleteIfExists(all.get(i));
        return file;
    }

    /** Copies the checkpoint just written to {@code best.ckpt}, atomically. */
    Path saveBest(Path checkpoint) throws IOException {
        Path file = dir.resolve(BEST);
        AtomicFiles.write(file, out -> Files.copy(checkpoint, out));
        return file;
    }

    /** The newest {@code step-*.ckpt} in {@code dir} (leftover temporary files of an interrupted save are ignored). */
    public static Optional<Path> latest(Path dir) {
        List<Path> all = stepFiles(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** The step checkpoints in {@code dir}, oldest first. */
    static List<Path> stepFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = new ArrayList<>(files.filter(f -> STEP_FILE.matcher(f.getFileName().toString()).matches()).toList());
            out.sort((a, b) -> Long.compare(stepOf(a), stepOf(b)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private static long stepOf(Path file) {
        Matcher m = STEP_FILE.matcher(file.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException("not a step checkpoint: " + file);
        return Long.parseLong(m.group(1));
    }
}
