package dev.jgrad.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path dir;

    /** Records with the given labels; pixel p of record i is (i + p) mod 256. */
    static byte[] batch(int... labels) {
        byte[] b = new byte[labels.length * Cifar10Reader.RECORD_BYTES];
        for (int i = 0; i < labels.length; i++) {
            b[i * Cifar10Reader.RECORD_BYTES] = (byte) labels[i];
            for (int p = 0; p < Cifar10Data.IMAGE_BYTES; p++) b[i * Cifar10Reader.RECORD_BYTES + 1 + p] = (byte) (i + p);
        }
        return b;
    }

    @Test
    void readsRecords() throws IOException {
        Cifar10Data d = Cifar10Reader.read(Files.write(dir.resolve("b.bin"), batch(3, 9, 0)));
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(3, 9, 0);
        assertThat(d.images()).hasSize(3 * 3072);
        assertThat(d.images()[3072 + 1024] & 0xFF).isEqualTo((1 + 1024) & 0xFF); // record 1, first green pixel

        Cifar10Data s = Cifar10Reader.read(new ByteArrayInputStream(batch(5)), "stream");
        assertThat(s.labels()).containsExactly(5);
    }

    @Test
    void rejectsWrongLength() throws IOException {
        byte[] two = batch(1, 2);
        Path f = Files.write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(two, two.length - 1));
        assertThatThrownBy(() -> Cifar10Reader.read(f))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("data_batch_1.bin")
                .hasMessageContaining("length 6145")
                .hasMessageContaining("multiple of 3073");
    }

    @Test
    void rejectsBadLabel() throws IOException {
        Path f = Files.write(dir.resolve("test_batch.bin"), batch(0, 1, 10));
        assertThatThrownBy(() -> Cifar10Reader.read(f))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("test_batch.bin")
                .hasMessageContaining("record 2 has label 10");
    }

    @Test
    void readsDirectoryAndNamesMissingBatch() throws IOException {
        for (int k = 1; k <= 5; k++) Files.write(dir.resolve("data_batch_" + k + ".bin"), batch(k, k));
        assertThatThrownBy(() -> Cifar10Reader.readDirectory(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("test_batch.bin");

        Files.write(dir.resolve("test_batch.bin"), batch(7));
        Cifar10Split s = Cifar10Reader.readDirectory(dir);
        assertThat(s.train().count()).isEqualTo(10);
        assertThat(s.train().labels()).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
        assertThat(s.test().labels()).containsExactly(7);
    }
}
