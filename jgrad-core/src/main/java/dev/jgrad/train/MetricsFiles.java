package dev.jgrad.train;

import dev.jgrad.io.AtomicFiles;
import dev.jgrad.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Metrics logs of a run, rewritten whole (atomically) from the history after each epoch so that a
 * resumed run's logs equal an uninterrupted run's:
 * <ul>
 *   <li>{@code metrics.csv}: one row per epoch: {@code epoch, train_<metric>..., val_<metric>..., lr, seconds, samples_per_second};</li>
 *   <li>{@code metrics.jsonl}: one JSON object per line, {@code "kind": "step"} every few steps
 *       (step, epoch, batch, loss, lr) and {@code "kind": "epoch"} per epoch.</li>
 * </ul>
 */
public final class MetricsFiles {
    public static final String CSV = "metrics.csv";
    public static final String JSONL = "metrics.jsonl";

    private MetricsFiles() {}

    public static void write(Path dir, List<EpochResult> history, List<StepRecord> steps) throws IOException {
        AtomicFiles.write(dir.resolve(CSV), csv(history).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(JSONL), jsonLines(history, steps).getBytes(StandardCharsets.UTF_8));
    }

    static String csv(List<EpochResult> history) {
        Set<String> trainKeys = new LinkedHashSet<>(), validationKeys = new LinkedHashSet<>();
        for (EpochResult r : history) {
            trainKeys.addAll(r.train().keySet());
            validationKeys.addAll(r.validation().keySet());
        }
        List<String> header = new ArrayList<>(List.of("epoch"));
        trainKeys.forEach(k -> header.add("train_" + k));
        validationKeys.forEach(k -> header.add("val_" + k));
        header.addAll(List.of("lr", "seconds", "samples_per_second"));
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (EpochResult r : history) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(r.epoch())));
            trainKeys.forEach(k -> row.add(number(r.train().get(k))));
            validationKeys.forEach(k -> row.add(number(r.validation().get(k))));
            row.addAll(List.of(number(r.lr()), number(r.seconds()), number(r.samplesPerSecond())));
            out.append(String.join(",", row)).append('\n');
        }
        return out.toString();
    }

    private static String jsonLines(List<EpochResult> history, List<StepRecord> steps) {
        StringBuilder out = new StringBuilder();
        int s = 0;
        for (EpochResult r : history) {
            for (; s < steps.size() && steps.get(s).epoch() <= r.epoch(); s++) line(out, "step", steps.get(s));
            line(out, "epoch", r);
        }
        for (; s < steps.size(); s++) line(out, "step", steps.get(s));
        return out.toString();
    }

    private static void line(StringBuilder out, String kind, Record value) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("kind", kind);
        object.putAll(Json.toMap(Json.toJson(value)));
        out.append(Json.toJson(object)).append('\n');
    }

    /** Empty for a missing value; full precision otherwise (the shortest text that reads back to the same double). */
    private static String number(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%s", v);
    }
}
