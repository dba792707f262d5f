package dev.jgrad.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.jgrad.io.AtomicFiles;
import dev.jgrad.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The resolved settings of a {@code jgrad train} run. Saved as the run's {@code config.json} with
 * the command's long option names as keys (so the file works as {@code --config}), and read back
 * by {@code --resume}. Optimiser and schedule settings that are null take their defaults (see
 * {@link OptimizerSettings} and {@link Schedules}).
 */
record TrainConfig(String model, List<String> dataset, int epochs, int batchSize,
        String optimizer, double lr, double momentum, boolean nesterov, Double dampening, List<Double> betas, Double eps, Boolean amsgrad,
        Double alpha, Boolean centered, Double rho, Double lrDecay, Double initialAccumulator, Double momentumDecay, double weightDecay,
        String schedule, int warmup, Double gamma, List<Integer> milestones, Integer restartEvery, Integer restartMult,
        Double plateauFactor, Integer plateauPatience,
        double clipGradNorm, int patience, long seed, int threads, int trainSize, int valSize, String augment, int checkpointEvery,
        int keep) {

    static final String FILE = "config.json";
    private static final ObjectMapper KEBAB = Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

    void write(Path runDir) throws IOException {
        String json = KEBAB.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n";
        AtomicFiles.write(runDir.resolve(FILE), json.getBytes(StandardCharsets.UTF_8));
    }

    TrainConfig withThreads(int n) {
        Map<String, Object> values = KEBAB.convertValue(this, new TypeReference<Map<String, Object>>() {});
        values.put("threads", n);
        return KEBAB.convertValue(values, TrainConfig.class);
    }

    static TrainConfig read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) throw new IOException(runDir + " is not a run folder (no " + FILE + ")");
        try {
            return KEBAB.readValue(Files.readString(file, StandardCharsets.UTF_8), TrainConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": invalid run configuration: " + e.getOriginalMessage(), e);
        }
    }
}
