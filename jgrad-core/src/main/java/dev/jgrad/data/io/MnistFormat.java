package dev.jgrad.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loads and validates MNIST-format image/label pairs of IDX files (MNIST, Fashion-MNIST, ...). */
public final class MnistFormat {
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private MnistFormat() {}

    /** Loads an images file (rank 3) and a labels file (rank 1) and checks they agree. */
    public static MnistData loadPair(Path images, Path labels, int numClasses) throws IOException {
        return validate(IdxReader.read(images), images.toString(), IdxReader.read(labels), labels.toString(),
                numClasses);
    }

    public static MnistData loadPair(InputStream images, String imagesName, InputStream labels, String labelsName,
            int numClasses) throws IOException {
        return validate(IdxReader.read(images, imagesName), imagesName, IdxReader.read(labels, labelsName),
                labelsName, numClasses);
    }

    /**
     * Loads the four standard files ({@link #TRAIN_IMAGES}, {@link #TRAIN_LABELS}, {@link #TEST_IMAGES},
     * {@link #TEST_LABELS}) from {@code dir}; a missing file raises {@link NoSuchFileException} naming it.
     */
    public static MnistSplit loadStandard(Path dir, int numClasses) throws IOException {
        for (String name : new String[] {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS}) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null,
                        "missing MNIST-format file (expected the four files " + TRAIN_IMAGES + ", " + TRAIN_LABELS
                                + ", " + TEST_IMAGES + ", " + TEST_LABELS + " in " + dir + ")");
            }
        }
        return new MnistSplit(
                loadPair(dir.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_LABELS), numClasses),
                loadPair(dir.resolve(TEST_IMAGES), dir.resolve(TEST_LABELS), numClasses));
    }

    static MnistData validate(IdxArray images, String imagesName, IdxArray labels, String labelsName,
            int numClasses) {
        if (images.rank() != 3) {
            throw new CorruptDataException(imagesName + ": expected rank-3 images (count x rows x cols), got rank "
                    + images.rank() + " (" + images.shapeString() + ")");
        }
        if (labels.rank() != 1) {
            throw new CorruptDataException(labelsName + ": expected rank-1 labels, got rank " + labels.rank()
                    + " (" + labels.shapeString() + ")");
        }
        int count = images.dims()[0];
        if (labels.dims()[0] != count) {
            throw new CorruptDataException("count mismatch: " + imagesName + " has " + count + " images, "
                    + labelsName + " has " + labels.dims()[0] + " labels");
        }
        byte[] raw = labels.data();
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int label = raw[i] & 0xFF;
            if (label >= numClasses) {
                throw new CorruptDataException(labelsName + ": label " + label + " at index " + i
                        + " is outside [0, " + numClasses + ")");
            }
            out[i] = label;
        }
        return new MnistData(images.data(), out, images.dims()[1], images.dims()[2]);
    }
}
