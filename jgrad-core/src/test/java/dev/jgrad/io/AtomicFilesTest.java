package dev.jgrad.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private long filesIn(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void writesNewFilesAndReplacesOldOnes() throws IOException {
        Path file = dir.resolve("sub/dir/state.bin");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(filesIn(file.getParent())).isEqualTo(1);
    }

    @Test
    void aWriterThatCrashesLeavesThePreviousFileIntactAndNoTempFile() throws IOException {
        Path file = dir.resolve("last.ckpt");
        AtomicFiles.write(file, "good checkpoint".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]); // partly written, some of it already flushed to the temp file
            throw new IOException("disk full (simulated)");
        })).isInstanceOf(IOException.class).hasMessage("disk full (simulated)");
        assertThat(Files.readString(file)).isEqualTo("good checkpoint");
        assertThat(filesIn(dir)).isEqualTo(1);

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            throw new IllegalStateException("bug in the writer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(file)).isEqualTo("good checkpoint");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aCrashOnTheFirstWriteLeavesNothing() throws IOException {
        Path file = dir.resolve("fresh.bin");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            throw new IOException("boom");
        })).isInstanceOf(IOException.class);
        assertThat(Files.exists(file)).isFalse();
        assertThat(filesIn(dir)).isZero();
    }
}
