package dev.jgrad.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
    record Config(String model, double lr, int epochs, List<Integer> milestones) {}

    @TempDir
    Path dir;

    @Test
    void recordsRoundTrip() {
        Config c = new Config("lenet", 0.1, 3, List.of(10, 20));
        String json = Json.toJson(c);
        assertThat(json).isEqualTo("{\"model\":\"lenet\",\"lr\":0.1,\"epochs\":3,\"milestones\":[10,20]}");
        assertThat(Json.fromJson(json, Config.class)).isEqualTo(c);
    }

    @Test
    void mapsKeepTheirOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of("x"));
        String json = Json.toJson(m);
        assertThat(json).isEqualTo("{\"z\":1,\"a\":[\"x\"]}");
        assertThat(Json.toMap(json)).containsExactly(Map.entry("z", 1), Map.entry("a", List.of("x")));
        assertThat(Json.fromJson("[1.5, 2]", new TypeReference<List<Double>>() {})).containsExactly(1.5, 2.0);
    }

    @Test
    void errorsSayWhatWasExpected() {
        assertThatThrownBy(() -> Json.fromJson("{\"model\":\"x\",\"typo\":1}", Config.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Config").hasMessageContaining("typo");
        assertThatThrownBy(() -> Json.toMap("{oops")).hasMessageContaining("invalid JSON");
    }

    @Test
    void filesAreWrittenAtomicallyAndReadBack() throws IOException {
        Path file = dir.resolve("config.json");
        Config c = new Config("mlp", 0.01, 1, List.of());
        Json.write(file, c);
        assertThat(Files.readString(file)).startsWith("{\n").endsWith("}\n");
        assertThat(Json.read(file, Config.class)).isEqualTo(c);
        Files.writeString(file, "{");
        assertThatThrownBy(() -> Json.read(file, Config.class)).isInstanceOf(IOException.class).hasMessageStartingWith(file.toString());
    }
}
