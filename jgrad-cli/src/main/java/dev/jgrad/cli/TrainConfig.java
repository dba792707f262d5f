package dev.jgrad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.jgrad.io.AtomicFiles;
import dev.jgrad.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resolved settings of a {@code jgrad train} run. Saved as the run's {@code config.json} with
 * the command's long option names as keys (so the file works as {@code --config}), and read back
 * by {@code --resume}.
 */
record TrainConfig(String model, List<String> dataset, int epochs, int batchSize, String optimizer, double lr, double momentum,
        boolean nesterov, double weightDecay, String schedule, int warmup, double clipGradNorm, int patience, long seed, int threads,
        int trainSize, int valSize, String augment, int checkpointEvery, int keep) {

    static final String FILE = "config.json";
    private static final ObjectMapper KEBAB = Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

    void write(Path runDir) throws IOException {
        String json = KEBAB.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n";
        AtomicFiles.write(runDir.resolve(FILE), json.getBytes(StandardCharsets.UTF_8));
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
