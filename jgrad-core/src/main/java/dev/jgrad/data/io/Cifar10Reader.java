package dev.jgrad.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 binary version: each record is 1 label byte (0..9) followed by 3072 pixel bytes.
 */
public final class Cifar10Reader {
    public static final int RECORD_BYTES = 1 + Cifar10Data.IMAGE_BYTES;
    public static final int NUM_CLASSES = 10;
    public static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";

    private Cifar10Reader() {}

    public static Cifar10Data read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Reads a whole batch from {@code in} (not closed); {@code name} identifies it in error messages. */
    public static Cifar10Data read(InputStream in, String name) throws IOException {
        return parse(in.readAllBytes(), name);
    }

    /** Reads data_batch_1..5.bin (concatenated, in order) and test_batch.bin from {@code dir}. */
    public static Cifar10Split readDirectory(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : TRAIN_FILES) files.add(dir.resolve(name));
        files.add(dir.resolve(TEST_FILE));
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null,
                        "missing CIFAR-10 batch (expected " + String.join(", ", TRAIN_FILES) + " and " + TEST_FILE
                                + " in " + dir + ")");
            }
        }
        List<Cifar10Data> train = new ArrayList<>();
        for (Path file : files.subList(0, TRAIN_FILES.size())) train.add(read(file));
        return new Cifar10Split(concat(train), read(files.getLast()));
    }

    static Cifar10Data parse(byte[] bytes, String name) {
        if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
            throw new CorruptDataException(name + ": length " + bytes.length + " is not a positive multiple of "
                    + RECORD_BYTES + " (CIFAR-10 record = 1 label byte + " + Cifar10Data.IMAGE_BYTES
                    + " pixel bytes)");
        }
        int count = bytes.length / RECORD_BYTES;
        byte[] images = new byte[count * Cifar10Data.IMAGE_BYTES];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = bytes[i * RECORD_BYTES] & 0xFF;
            if (label >= NUM_CLASSES) {
                throw new CorruptDataException(name + ": record " + i + " has label " + label
                        + ", expected 0.." + (NUM_CLASSES - 1));
            }
            labels[i] = label;
            System.arraycopy(bytes, i * RECORD_BYTES + 1, images, i * Cifar10Data.IMAGE_BYTES,
                    Cifar10Data.IMAGE_BYTES);
        }
        return new Cifar10Data(images, labels, count);
    }

    private static Cifar10Data concat(List<Cifar10Data> parts) {
        int count = parts.stream().mapToInt(Cifar10Data::count).sum();
        byte[] images = new byte[count * Cifar10Data.IMAGE_BYTES];
        int[] labels = new int[count];
        int at = 0;
        for (Cifar10Data p : parts) {
            System.arraycopy(p.images(), 0, images, at * Cifar10Data.IMAGE_BYTES, p.images().length);
            System.arraycopy(p.labels(), 0, labels, at, p.count());
            at += p.count();
        }
        return new Cifar10Data(images, labels, count);
    }
}
