package dev.jgrad.data.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST container format), raw or gzip-compressed. Compression is detected
 * from the gzip magic bytes {@code 1f 8b}, not from the file name.
 *
 * <p>Layout: a 4-byte magic {@code 00 00 TT RR} (TT = element type, RR = rank), RR big-endian
 * 32-bit dimensions, then the elements. Only type {@code 0x08} (unsigned byte) is supported.
 */
public final class IdxReader {
    static final int TYPE_UBYTE = 0x08;
    private static final int MAX_RANK = 16;

    private IdxReader() {}

    /** Reads an IDX file; I/O failures throw {@link IOException}, format faults {@link CorruptDataException}. */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads an IDX stream to its end. {@code name} identifies the source in error messages.
     * Does not close {@code in}.
     */
    public static IdxArray read(InputStream in, String name) throws IOException {
        InputStream buffered = new BufferedInputStream(in, 1 << 16);
        if (!isGzip(buffered)) return readRaw(buffered, name);
        try {
            return readRaw(new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16), name);
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(name + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static IdxArray readRaw(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new CorruptDataException(name + ": truncated: file has " + magic.length
                    + " bytes, too short for an IDX magic number");
        }
        int magicValue = bigEndianInt(magic, 0);
        int type = magic[2] & 0xFF;
        int rank = magic[3] & 0xFF;
        if (magic[0] != 0 || magic[1] != 0 || rank == 0 || rank > MAX_RANK) {
            throw new CorruptDataException(String.format(
                    "%s: bad IDX magic number 0x%08X (expected 0x000008RR: unsigned bytes, rank RR in 1..16)",
                    name, magicValue));
        }
        if (type != TYPE_UBYTE) {
            throw new CorruptDataException(String.format(
                    "%s: unsupported IDX element type 0x%02X (magic 0x%08X); only 0x08 (unsigned byte) is supported",
                    name, type, magicValue));
        }

        byte[] header = in.readNBytes(4 * rank);
        if (header.length < 4 * rank) {
            throw new CorruptDataException(name + ": truncated: header of rank " + rank + " needs " + (4 * rank)
                    + " bytes of dimensions, file has " + header.length);
        }
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = bigEndianInt(header, 4 * i);
            if (dims[i] < 0) {
                throw new CorruptDataException(name + ": dimension " + i + " is "
                        + Integer.toUnsignedString(dims[i]) + ", too large");
            }
            size *= dims[i];
            if (size > Integer.MAX_VALUE - 16) {
                throw new CorruptDataException(name + ": header dimensions " + IdxArray.formatDims(dims)
                        + "... describe more than 2^31 bytes");
            }
        }

        byte[] data = readData(in, (int) size);
        if (data.length < size) {
            throw new CorruptDataException(name + ": truncated: header says " + IdxArray.formatDims(dims) + " = "
                    + size + " bytes of data, file has " + data.length);
        }
        if (in.read() != -1) {
            throw new CorruptDataException(name + ": trailing bytes after data (header says "
                    + IdxArray.formatDims(dims) + " = " + size + " bytes)");
        }
        return new IdxArray(dims, data);
    }

    /** Largest payload read straight into one array of the size the header gives. */
    private static final int DIRECT_READ_MAX = 1 << 28;

    /**
     * The payload, or as much of it as there is. Up to 256 MiB it is read straight into an array of
     * the header's size: {@code readNBytes(int)} would collect it in 16 KiB pieces and copy them, twice
     * the memory at once (Fashion-MNIST's 47 MB of training images). A larger size may come from a
     * corrupt header, so it is read piece by piece and found short before anything that large is
     * allocated.
     */
    private static byte[] readData(InputStream in, int size) throws IOException {
        if (size > DIRECT_READ_MAX) return in.readNBytes(size);
        byte[] data = new byte[size];
        int n = in.readNBytes(data, 0, size);
        return n == size ? data : Arrays.copyOf(data, n);
    }

    private static int bigEndianInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
