package dev.jgrad.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON for run folders and checkpoints, through Jackson: maps, lists, numbers, strings and records.
 * Maps keep their insertion order; unknown record fields are an error (a typo is not silently dropped).
 *
 * <pre>{@code
 * String text = Json.toJson(Map.of("lr", 0.1, "epochs", 3));
 * Config c = Json.fromJson(text, Config.class);          // record Config(double lr, int epochs)
 * Json.write(runDir.resolve("config.json"), c);          // pretty-printed, written atomically
 * }</pre>
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    /** The shared, configured mapper, for uses beyond these helpers (it is thread-safe; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Json.toJson: cannot serialise " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Indented JSON, for files people read. */
    public static String toPrettyJson(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Json.toPrettyJson: cannot serialise " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Json.fromJson: invalid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** For generic types: {@code Json.fromJson(text, new TypeReference<List<Double>>() {})}. */
    public static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Json.fromJson: invalid JSON for " + type.getType() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object as an ordered map (nested objects are maps, arrays lists). */
    public static Map<String, Object> toMap(String json) {
        return fromJson(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Json.tree: invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code value} as pretty JSON (UTF-8, trailing newline) with {@link AtomicFiles}. */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, (toPrettyJson(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a JSON file; a malformed file raises an error naming it. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": invalid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
