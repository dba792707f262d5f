package dev.jgrad.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafetensorsTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture " + name);
            return in.readAllBytes();
        }
    }

    @Test
    void matchesTheByteVectorOfTheSafetensorsLibrarysOwnTest() {
        // safetensors/src/tensor.rs, test_serialization: {"attn.0": F32 [1, 2, 3] = 0..5}.
        int[] expected = {64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
            116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
            58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
            101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
            0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64};
        byte[] bytes = Safetensors.toBytes(Map.of("attn.0", Tensors.arange(6).to(DType.FLOAT32).reshape(1, 2, 3)), Map.of());
        assertThat(bytes).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) assertThat(bytes[i] & 0xFF).as("byte %d", i).isEqualTo(expected[i]);
        // test_empty with metadata {"framework": "pt"}: header padded with spaces to 40 bytes.
        byte[] empty = Safetensors.toBytes(Map.of(), Map.of("framework", "pt"));
        assertThat(new String(empty, 8, empty.length - 8, StandardCharsets.UTF_8)).isEqualTo("{\"__metadata__\":{\"framework\":\"pt\"}}     ");
        assertThat(empty[0]).isEqualTo((byte) 40);
    }

    @Test
    void readsTheReferenceFixtureAndWritesItBackByteForByte() throws IOException {
        byte[] fixture = resource("reference.safetensors");
        Safetensors.Content c = Safetensors.fromBytes(fixture, "reference.safetensors");
        assertThat(c.metadata()).containsExactly(Map.entry("epochs", "3"), Map.entry("format", "pt"));
        // File order: I64, then F64, then F32 by name, then BOOL (descending dtype, then name).
        assertThat(c.tensors().keySet()).containsExactly("steps", "double", "empty", "fc.bias", "fc.weight", "scale", "mask");
        Tensor w = c.tensors().get("fc.weight");
        assertThat(w.shape()).containsExactly(2, 3);
        assertThat(w.toFloatArray()).containsExactly(0.5f, -1.25f, 3f, 1e-8f, -0f, 65504f);
        assertThat(c.tensors().get("scale").shape()).isEmpty();
        assertThat(c.tensors().get("scale").item()).isEqualTo(2.5);
        assertThat(c.tensors().get("empty").shape()).containsExactly(0, 3);
        assertThat(c.tensors().get("double").toDoubleArray()).containsExactly(1.0 / 3.0, -2.5e300);
        assertThat(c.tensors().get("steps").toLongArray()).containsExactly(0, -1, 1L << 62, Long.MIN_VALUE);
        assertThat(c.tensors().get("mask").toBooleanArray()).containsExactly(true, false, false, true);

        assertThat(Safetensors.toBytes(c.tensors(), c.metadata())).isEqualTo(fixture);
    }

    @Test
    void readsHalfAndSmallIntegerTypesAsFloat32AndInt64() throws IOException {
        Safetensors.Content c = Safetensors.fromBytes(resource("other_dtypes.safetensors"), "other_dtypes.safetensors");
        Tensor half = c.tensors().get("half");
        assertThat(half.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(half.toFloatArray()[0]).isEqualTo(1f);
        assertThat(half.toFloatArray()[1]).isEqualTo(-2f);
        assertThat((double) half.toFloatArray()[2]).isCloseTo(0.0999755859375, within(1e-12));
        assertThat(c.tensors().get("brain").toFloatArray()).containsExactly(1.5f, -3f);
        assertThat(c.tensors().get("counts").toLongArray()).containsExactly(7, -9);
        assertThat(c.tensors().get("shorts").toLongArray()).containsExactly(-32768, 300);
        assertThat(c.tensors().get("bytes").toLongArray()).containsExactly(-128, 127);
        assertThat(c.tensors().get("pixels").toLongArray()).containsExactly(0, 255);
        assertThat(c.tensors().get("pixels").dtype()).isEqualTo(DType.INT64);
        assertThat(c.metadata()).isEmpty();
    }

    @Test
    void roundTripsEveryDtypeThroughAFile() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("f32", Tensors.fromArray(new float[] {1.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0f}, 2, 2));
        tensors.put("f64", Tensors.fromArray(new double[] {Math.PI, Double.MIN_VALUE}, 2));
        tensors.put("i64", Tensors.fromArray(new long[] {Long.MAX_VALUE, -3, 0}, 3, 1));
        tensors.put("bool", Tensors.fromArray(new boolean[] {true, false}, 2));
        tensors.put("transposed", Tensors.arange(6).reshape(2, 3).t());
        Path file = dir.resolve("model.safetensors");
        Safetensors.save(tensors, Map.of("note", "ünïcode ✓"), file);

        Safetensors.Content c = Safetensors.load(file);
        assertThat(c.metadata()).containsExactly(Map.entry("note", "ünïcode ✓"));
        assertThat(c.tensors()).hasSize(5);
        for (var e : tensors.entrySet()) {
            Tensor loaded = c.tensors().get(e.getKey());
            assertThat(loaded.dtype()).as(e.getKey()).isEqualTo(e.getValue().dtype());
            assertThat(loaded.shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
        }
        assertThat(c.tensors().get("f32").toFloatArray()).containsExactly(1.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0f);
        assertThat(c.tensors().get("f64").toDoubleArray()).containsExactly(Math.PI, Double.MIN_VALUE);
        assertThat(c.tensors().get("i64").toLongArray()).containsExactly(Long.MAX_VALUE, -3, 0);
        assertThat(c.tensors().get("bool").toBooleanArray()).containsExactly(true, false);
        assertThat(c.tensors().get("transposed").toLongArray()).containsExactly(0, 3, 1, 4, 2, 5);
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writesLargeTensorsInChunks() {
        Tensor big = Tensors.arange(200_000).to(DType.FLOAT32);
        byte[] bytes = Safetensors.toBytes(Map.of("big", big), Map.of());
        assertThat(Safetensors.fromBytes(bytes, "big").tensors().get("big").equal(big)).isTrue();
    }

    /** A file with the given header text (padded) followed by {@code dataBytes} zero bytes. */
    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static void assertCorrupt(byte[] bytes, String fault) {
        assertThatThrownBy(() -> Safetensors.fromBytes(bytes, "bad.safetensors"))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith("bad.safetensors: ")
                .hasMessageContaining(fault);
    }

    @Test
    void corruptFilesNameTheFileAndTheFault() {
        assertCorrupt(new byte[] {1, 2, 3}, "too short for the 8-byte header length");
        byte[] tooLong = file("{}", 0);
        tooLong[0] = 100;
        assertCorrupt(tooLong, "header length 100 exceeds the file (2 bytes after the length field)");
        assertCorrupt(file("{\"a\":", 0), "header is not valid JSON");
        assertCorrupt(file("[1, 2]", 0), "header must be a JSON object");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4),
                "tensor 'a': data_offsets [0, 8] lie outside the 4 data bytes");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                "tensor 'a': shape [3] of F32 needs 12 bytes, data_offsets [0, 8] hold 8");
        assertCorrupt(file("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "tensor 'a': unknown or unsupported dtype 'Q7'");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "tensor 'a': shape [-1]");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 6), "tensors overlap");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 6),
                "the tensors cover 4 data bytes but the file holds 6");
        assertCorrupt(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}", 4), "not valid JSON");
        assertCorrupt(file("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__ value of 'k' must be a string");
    }

    @Test
    void truncatedFileOnDiskIsCorrupt() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Safetensors.save(Map.of("w", Tensors.ones(4, 4)), file);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 10));
        assertThatThrownBy(() -> Safetensors.load(file)).isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("lie outside");
    }
}
