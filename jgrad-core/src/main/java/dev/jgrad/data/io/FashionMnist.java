package dev.jgrad.data.io;

import java.io.IOException;
import java.nio.file.Path;

/** Fashion-MNIST (60,000 train + 10,000 test 28x28 images, 10 classes) in the standard four-file layout. */
public final class FashionMnist {
    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int NUM_CLASSES = 10;

    private FashionMnist() {}

    public static MnistSplit load() throws IOException {
        return load(DEFAULT_DIR);
    }

    public static MnistSplit load(Path dir) throws IOException {
        return MnistFormat.loadStandard(dir, NUM_CLASSES);
    }
}
