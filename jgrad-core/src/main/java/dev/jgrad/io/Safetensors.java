package dev.jgrad.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors file format (Hugging Face's; readable by {@code safetensors.torch.load_file}):
 * an 8-byte little-endian header length, a JSON header
 * {@code {"__metadata__": {..}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}}}
 * padded with spaces to a multiple of 8, then the tensors' raw little-endian bytes. Tensors are
 * laid out as the Python library does (by descending dtype alignment, then by name), so a jgrad
 * file is byte-identical to the one {@code save_file} writes for the same tensors.
 *
 * <pre>{@code
 * Safetensors.save(model.stateDict(), Map.of("format", "pt"), Path.of("model.safetensors"));
 * Safetensors.Content c = Safetensors.load(Path.of("model.safetensors"));
 * Tensor w = c.tensors().get("fc1.weight");
 * }</pre>
 */
public final class Safetensors {
    static final String METADATA_KEY = "__metadata__";
    /** The Python library's limit on the header size. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    private static final int CHUNK_ELEMENTS = 1 << 16;
    private static final ObjectMapper HEADER_READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Safetensors() {}

    /** A loaded file: tensors in file order, and the string metadata (empty if the file has none). */
    public record Content(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {}

    private record Entry(String name, Tensor tensor, SafetensorsDType type) {}

    /** Saves atomically (see {@link AtomicFiles}); {@code metadata} may be empty. */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        List<Entry> entries = ordered(tensors);
        byte[] header = header(entries, metadata);
        AtomicFiles.write(file, out -> writeTo(out, header, entries));
    }

    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    /** The bytes of the file {@link #save} writes. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Entry> entries = ordered(tensors);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out, header(entries, metadata), entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads a file; a malformed one raises {@link CorruptDataException} naming the file and the fault. */
    public static Content load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, file.toString());
        }
    }

    /** Parses the bytes of a file; {@code name} identifies them in error messages. */
    public static Content fromBytes(byte[] bytes, String name) {
        try {
            return read(new ByteArraySource(bytes), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- writing

    private static List<Entry> ordered(Map<String, Tensor> tensors) {
        List<Entry> entries = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("Safetensors.save: invalid tensor name " + e.getKey());
            }
            Tensor t = e.getValue().detach();
            entries.add(new Entry(e.getKey(), t, SafetensorsDType.of(t.dtype())));
        }
        // The Python library's order: descending dtype, then names compared as UTF-8 bytes.
        entries.sort(Comparator.comparingInt((Entry x) -> -x.type().formatRank())
                .thenComparing((a, b) -> Arrays.compareUnsigned(utf8(a.name()), utf8(b.name()))));
        return entries;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] header(List<Entry> entries, Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("Safetensors.save: metadata keys and values must not be null, got " + e);
                }
            }
            json.put(METADATA_KEY, new TreeMap<>(metadata));
        }
        long offset = 0;
        for (Entry e : entries) {
            long bytes = (long) e.tensor().numel() * e.type().size;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.type().name());
            info.put("shape", e.tensor().shape());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            json.put(e.name(), info);
            offset += bytes;
        }
        byte[] text;
        try {
            text = Json.mapper().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Safetensors: cannot serialise the header", e);
        }
        int padded = (text.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static void writeTo(OutputStream out, byte[] header, List<Entry> entries) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        out.write(length.array());
        out.write(header);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : entries) writeData(out, e.tensor(), chunk);
    }

    private static void writeData(OutputStream out, Tensor t, ByteBuffer chunk) throws IOException {
        int n = t.numel();
        switch (t.dtype()) {
            case FLOAT32 -> {
                float[] a = t.toFloatArray();
                for (int from = 0; from < n; from += CHUNK_ELEMENTS) {
                    int to = Math.min(n, from + CHUNK_ELEMENTS);
                    chunk.clear();
                    chunk.asFloatBuffer().put(a, from, to - from);
                    out.write(chunk.array(), 0, (to - from) * 4);
                }
            }
            case FLOAT64 -> {
                double[] a = t.toDoubleArray();
                for (int from = 0; from < n; from += CHUNK_ELEMENTS) {
                    int to = Math.min(n, from + CHUNK_ELEMENTS);
                    chunk.clear();
                    chunk.asDoubleBuffer().put(a, from, to - from);
                    out.write(chunk.array(), 0, (to - from) * 8);
                }
            }
            case INT64 -> {
                long[] a = t.toLongArray();
                for (int from = 0; from < n; from += CHUNK_ELEMENTS) {
                    int to = Math.min(n, from + CHUNK_ELEMENTS);
                    chunk.clear();
                    chunk.asLongBuffer().put(a, from, to - from);
                    out.write(chunk.array(), 0, (to - from) * 8);
                }
            }
            case BOOL -> {
                boolean[] a = t.toBooleanArray();
                byte[] bytes = new byte[n];
                for (int i = 0; i < n; i++) bytes[i] = (byte) (a[i] ? 1 : 0);
                out.write(bytes);
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /** Random-access bytes: a file channel or an array. */
    private interface Source {
        long size() throws IOException;

        /** Fills {@code buffer} from {@code position}; fails at the end of the source. */
        void readFully(ByteBuffer buffer, long position) throws IOException;
    }

    private record ByteArraySource(byte[] bytes) implements Source {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void readFully(ByteBuffer buffer, long position) throws IOException {
            if (position + buffer.remaining() > bytes.length) throw new EOFException();
            buffer.put(bytes, (int) position, buffer.remaining());
        }
    }

    private static Content read(FileChannel channel, String name) throws IOException {
        return read(new Source() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void readFully(ByteBuffer buffer, long position) throws IOException {
                long at = position;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, at);
                    if (n < 0) throw new EOFException();
                    at += n;
                }
            }
        }, name);
    }

    private record Info(String name, SafetensorsDType type, int[] shape, long begin, long end) {}

    private static Content read(Source source, String name) throws IOException {
        long fileSize = source.size();
        if (fileSize < 8) throw new CorruptDataException(name + ": file has " + fileSize + " bytes, too short for the 8-byte header length");
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        source.readFully(lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength < 0 || headerLength > fileSize - 8) {
            throw new CorruptDataException(name + ": header length " + Long.toUnsignedString(headerLength) + " exceeds the file ("
                    + (fileSize - 8) + " bytes after the length field)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new CorruptDataException(name + ": header length " + headerLength + " is larger than the format's limit of " + MAX_HEADER_BYTES);
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        source.readFully(headerBytes, 8);
        JsonNode root;
        try {
            root = HEADER_READER.readTree(headerBytes.array());
        } catch (IOException e) {
            throw new CorruptDataException(name + ": header is not valid JSON (" + oneLine(e) + ")", e);
        }
        if (root == null || !root.isObject()) throw new CorruptDataException(name + ": header must be a JSON object");
        long dataStart = 8 + headerLength, dataLength = fileSize - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Info> infos = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(name, field.getValue(), metadata);
            } else {
                infos.add(info(name, field.getKey(), field.getValue(), dataLength));
            }
        }
        checkLayout(name, infos, dataLength);
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (Info info : infos) {
            ByteBuffer data = ByteBuffer.allocate((int) (info.end() - info.begin())).order(ByteOrder.LITTLE_ENDIAN);
            source.readFully(data, dataStart + info.begin());
            tensors.put(info.name(), decode(info, data.flip()));
        }
        return new Content(tensors, metadata);
    }

    private static void readMetadata(String file, JsonNode node, Map<String, String> into) {
        if (!node.isObject()) throw new CorruptDataException(file + ": " + METADATA_KEY + " must be an object of strings, got " + node.getNodeType());
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CorruptDataException(file + ": " + METADATA_KEY + " value of '" + e.getKey() + "' must be a string, got "
                        + e.getValue().getNodeType());
            }
            into.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static Info info(String file, String tensor, JsonNode node, long dataLength) {
        String where = file + ": tensor '" + tensor + "'";
        if (!node.isObject()) throw new CorruptDataException(where + ": expected an object with dtype, shape and data_offsets");
        JsonNode dtypeNode = node.get("dtype"), shapeNode = node.get("shape"), offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw new CorruptDataException(where + ": missing or non-string dtype");
        SafetensorsDType type = SafetensorsDType.parse(dtypeNode.textValue());
        if (type == null) {
            throw new CorruptDataException(where + ": unknown or unsupported dtype '" + dtypeNode.textValue() + "' (supported: "
                    + Arrays.toString(SafetensorsDType.values()) + ")");
        }
        if (shapeNode == null || !shapeNode.isArray()) throw new CorruptDataException(where + ": missing shape array");
        int[] shape = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0) {
                throw new CorruptDataException(where + ": shape " + shapeNode + " must hold integers in [0, 2^31)");
            }
            shape[i] = d.intValue();
            numel *= shape[i];
            if (numel > Integer.MAX_VALUE) throw new CorruptDataException(where + ": shape " + shapeNode + " has more than 2^31-1 elements");
        }
        if (offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2
                || !offsetsNode.get(0).canConvertToLong() || !offsetsNode.get(1).canConvertToLong()
                || !offsetsNode.get(0).isIntegralNumber() || !offsetsNode.get(1).isIntegralNumber()) {
            throw new CorruptDataException(where + ": data_offsets must be [begin, end], got " + offsetsNode);
        }
        long begin = offsetsNode.get(0).longValue(), end = offsetsNode.get(1).longValue();
        if (begin < 0 || end < begin || end > dataLength) {
            throw new CorruptDataException(where + ": data_offsets [" + begin + ", " + end + "] lie outside the " + dataLength
                    + " data bytes");
        }
        long expected = numel * type.size;
        if (end - begin != expected) {
            throw new CorruptDataException(where + ": shape " + Shape.str(shape) + " of " + type + " needs " + expected
                    + " bytes, data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Info(tensor, type, shape, begin, end);
    }

    /** Like the Python library: tensors tile the data region exactly, without gaps, overlaps or trailing bytes. */
    private static void checkLayout(String file, List<Info> infos, long dataLength) {
        List<Info> byOffset = new ArrayList<>(infos);
        byOffset.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
        long at = 0;
        for (Info info : byOffset) {
            if (info.begin() != at) {
                throw new CorruptDataException(file + ": tensor '" + info.name() + "' starts at byte " + info.begin() + " of the data, expected "
                        + at + " (tensors " + (info.begin() < at ? "overlap" : "leave a gap") + ")");
            }
            at = info.end();
        }
        if (at != dataLength) {
            throw new CorruptDataException(file + ": the tensors cover " + at + " data bytes but the file holds " + dataLength);
        }
        infos.clear();
        infos.addAll(byOffset);
    }

    private static Tensor decode(Info info, ByteBuffer data) {
        int n = (int) ((info.end() - info.begin()) / info.type().size);
        Storage storage = switch (info.type()) {
            case F32 -> floats(data, n);
            case F64 -> {
                double[] a = new double[n];
                data.asDoubleBuffer().get(a);
                yield new Storage.F64(a);
            }
            case I64 -> {
                long[] a = new long[n];
                data.asLongBuffer().get(a);
                yield new Storage.I64(a);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) a[i] = data.get(i) != 0;
                yield new Storage.Bool(a);
            }
            case F16, BF16 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    short bits = data.getShort(2 * i);
                    a[i] = info.type() == SafetensorsDType.F16 ? Float.float16ToFloat(bits) : Float.intBitsToFloat((bits & 0xFFFF) << 16);
                }
                yield new Storage.F32(a);
            }
            case I32, I16, I8, U8 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = switch (info.type()) {
                        case I32 -> data.getInt(4 * i);
                        case I16 -> data.getShort(2 * i);
                        case I8 -> data.get(i);
                        default -> data.get(i) & 0xFF;
                    };
                }
                yield new Storage.I64(a);
            }
        };
        return Tensor.of(storage, info.shape());
    }

    private static Storage floats(ByteBuffer data, int n) {
        float[] a = new float[n];
        data.asFloatBuffer().get(a);
        return new Storage.F32(a);
    }

    private static String oneLine(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
