package dev.jgrad.cli.bench;

import dev.jgrad.data.io.BundledMnist;
import dev.jgrad.data.io.FashionMnist;
import dev.jgrad.data.io.MnistData;
import dev.jgrad.data.io.MnistSplit;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The benchmark data in memory, as the PyTorch peer prepares it: pixels scaled to [0, 1], then
 * train and test normalised with the training set's mean and (biased) standard deviation.
 *
 * @param source where the images came from, for the report
 */
public record BenchData(String source, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, double mean, double std) {
    /** Bundled digits have no split: this many come first as the training set, the rest are the test set. */
    static final int BUNDLED_TRAIN = 8000;

    /** Fashion-MNIST from {@code dir}; null means the Debian package's directory if present, else the bundled digits. */
    public static BenchData load(Path dir) throws IOException {
        if (dir != null) return of(dir.toString(), FashionMnist.load(dir));
        if (Files.isDirectory(FashionMnist.DEFAULT_DIR)) return of(FashionMnist.DEFAULT_DIR.toString(), FashionMnist.load());
        MnistData all = BundledMnist.load();
        return of("bundled MNIST digits (" + BUNDLED_TRAIN + " train / " + (all.count() - BUNDLED_TRAIN) + " test)",
                new MnistSplit(slice(all, 0, BUNDLED_TRAIN), slice(all, BUNDLED_TRAIN, all.count())));
    }

    public int trainCount() {
        return trainX.size(0);
    }

    private static BenchData of(String source, MnistSplit split) {
        float[] train = scaled(split.train()), test = scaled(split.test());
        double sum = 0;
        for (float v : train) sum += v;
        double mean = sum / train.length, squares = 0;
        for (float v : train) squares += (v - mean) * (v - mean);
        double std = Math.sqrt(squares / train.length);
        return new BenchData(source, images(train, split.train(), mean, std), labels(split.train()),
                images(test, split.test(), mean, std), labels(split.test()), mean, std);
    }

    private static float[] scaled(MnistData d) {
        byte[] px = d.images();
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) out[i] = (px[i] & 0xFF) / 255f;
        return out;
    }

    private static Tensor images(float[] px, MnistData d, double mean, double std) {
        float m = (float) mean, s = (float) std;
        for (int i = 0; i < px.length; i++) px[i] = (px[i] - m) / s;
        return Tensors.fromArray(px, d.count(), 1, d.rows(), d.cols());
    }

    private static Tensor labels(MnistData d) {
        long[] y = new long[d.count()];
        for (int i = 0; i < y.length; i++) y[i] = d.labels()[i];
        return Tensors.fromArray(y, y.length);
    }

    private static MnistData slice(MnistData d, int from, int to) {
        int size = d.imageSize();
        byte[] images = Arrays.copyOfRange(d.images(), from * size, to * size);
        int[] labels = Arrays.copyOfRange(d.labels(), from, to);
        return new MnistData(images, labels, d.rows(), d.cols());
    }
}
