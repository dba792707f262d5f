package dev.jgrad.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file with the given magic and dims followed by {@code data}. */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }

    static byte[] images(int n) {
        byte[] data = new byte[n * 4 * 3];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
        return idx(0x803, new int[] {n, 4, 3}, data);
    }

    static byte[] labels(int... values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) data[i] = (byte) values[i];
        return idx(0x801, new int[] {values.length}, data);
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void readsRawAndGzipIdenticallyWhateverTheName() throws IOException {
        byte[] raw = images(5);
        IdxArray a = IdxReader.read(write("raw.gz", raw)); // misleading name: detection is by magic bytes
        IdxArray b = IdxReader.read(write("compressed.idx", gzip(raw)));
        IdxArray c = IdxReader.read(new ByteArrayInputStream(gzip(raw)), "stream");

        for (IdxArray x : new IdxArray[] {a, b, c}) {
            assertThat(x.dims()).containsExactly(5, 4, 3);
            assertThat(x.data()).isEqualTo(Arrays.copyOfRange(raw, 16, raw.length));
        }
        assertThat(a.shapeString()).isEqualTo("5x4x3");
    }

    @Test
    void rejectsBadMagic() throws IOException {
        byte[] bytes = images(2);
        bytes[3] = 0; // rank 0
        Path f = write("train-images.gz", gzip(Arrays.copyOf(new byte[4], 20)));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("train-images.gz")
                .hasMessageContaining("bad IDX magic number 0x00000000");
        Path g = write("rank0.idx", bytes);
        assertThatThrownBy(() -> IdxReader.read(g))
                .hasMessageContaining("rank0.idx")
                .hasMessageContaining("bad IDX magic number 0x00000800");
    }

    @Test
    void rejectsUnsupportedType() throws IOException {
        Path f = write("floats.idx", idx(0x0D01, new int[] {1}, new byte[4]));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("floats.idx")
                .hasMessageContaining("unsupported IDX element type 0x0D");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        byte[] full = images(10);
        Path f = write("train-images.gz", gzip(Arrays.copyOf(full, 16 + 100)));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("train-images.gz")
                .hasMessageContaining("truncated: header says 10x4x3 = 120 bytes of data, file has 100");

        Path h = write("short-header.idx", Arrays.copyOf(full, 10));
        assertThatThrownBy(() -> IdxReader.read(h))
                .hasMessageContaining("short-header.idx")
                .hasMessageContaining("truncated");
    }

    @Test
    void aHugeSizeInTheHeaderIsFoundShortWithoutAllocatingIt() throws IOException {
        // 2 GB claimed, 100 bytes there: read piece by piece, so the error comes before any 2 GB array.
        Path f = write("huge.idx", idx(0x803, new int[] {50_000, 200, 200}, new byte[100]));
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("huge.idx: truncated: header says 50000x200x200 = 2000000000 bytes of data, file has 100");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(100_000_000L);
    }

    @Test
    void rejectsTruncatedGzipStream() throws IOException {
        byte[] gz = gzip(images(50));
        Path f = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("cut.gz")
                .hasMessageContaining("gzip");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] full = images(2);
        Path f = write("long.idx", Arrays.copyOf(full, full.length + 1));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("long.idx")
                .hasMessageContaining("trailing bytes after data");
    }

    @Test
    void loadsValidPair() throws IOException {
        MnistData d = MnistFormat.loadPair(write("img.gz", gzip(images(3))), write("lbl", labels(2, 0, 9)), 10);
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.rows()).isEqualTo(4);
        assertThat(d.cols()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(2, 0, 9);
        assertThat(d.pixel(1, 0, 1)).isEqualTo((13 * 7) & 0xFF);
    }

    @Test
    void rejectsLabelOutOfRange() throws IOException {
        Path img = write("img.gz", gzip(images(4)));
        Path lbl = write("train-labels.gz", gzip(labels(1, 2, 3, 10)));
        assertThatThrownBy(() -> MnistFormat.loadPair(img, lbl, 10))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("train-labels.gz")
                .hasMessageContaining("label 10 at index 3");
    }

    @Test
    void rejectsCountMismatch() throws IOException {
        Path img = write("imgs.gz", gzip(images(4)));
        Path lbl = write("lbls.gz", gzip(labels(1, 2, 3)));
        assertThatThrownBy(() -> MnistFormat.loadPair(img, lbl, 10))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("imgs.gz has 4 images")
                .hasMessageContaining("lbls.gz has 3 labels");
    }

    @Test
    void rejectsWrongRanks() throws IOException {
        Path img = write("imgs", images(3));
        Path lbl = write("lbls", labels(1, 2, 3));
        assertThatThrownBy(() -> MnistFormat.loadPair(lbl, img, 10))
                .hasMessageContaining("lbls")
                .hasMessageContaining("expected rank-3 images");
        assertThatThrownBy(() -> MnistFormat.loadPair(img, img, 10))
                .hasMessageContaining("expected rank-1 labels");
    }

    @Test
    void missingStandardFileIsNamed() throws IOException {
        write(MnistFormat.TRAIN_IMAGES, gzip(images(2)));
        write(MnistFormat.TRAIN_LABELS, gzip(labels(0, 1)));
        write(MnistFormat.TEST_IMAGES, gzip(images(1)));
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(MnistFormat.TEST_LABELS);

        write(MnistFormat.TEST_LABELS, gzip(labels(7)));
        MnistSplit s = FashionMnist.load(dir);
        assertThat(s.train().count()).isEqualTo(2);
        assertThat(s.test().labels()).containsExactly(7);
    }

    @Test
    void fashionMnistFromDebianPackage() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "dataset-fashion-mnist not installed");
        MnistSplit s = FashionMnist.load();
        assertThat(s.train().count()).isEqualTo(60_000);
        assertThat(s.test().count()).isEqualTo(10_000);
        assertThat(s.train().rows()).isEqualTo(28);
        assertThat(s.train().cols()).isEqualTo(28);
        int[] perClass = new int[10];
        for (int label : s.train().labels()) perClass[label]++;
        assertThat(perClass).containsOnly(6000);
    }
}
