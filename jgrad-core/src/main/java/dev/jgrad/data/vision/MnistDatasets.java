package dev.jgrad.data.vision;

import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.TrainTest;
import dev.jgrad.data.io.BundledMnist;
import dev.jgrad.data.io.FashionMnist;
import dev.jgrad.data.io.MnistData;
import dev.jgrad.data.io.MnistSplit;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;

/**
 * MNIST-format data as tensors: inputs float32 [N, 1, 28, 28] scaled to [0, 1] (pixel / 255),
 * targets int64 class indices [N].
 *
 * <pre>{@code
 * TrainTest<TensorDataset> digits = MnistDatasets.bundledSplit(8000);   // 8000 train, 2000 test
 * TrainTest<TensorDataset> fashion = MnistDatasets.fashion();            // 60000 / 10000
 * }</pre>
 */
public final class MnistDatasets {
    private MnistDatasets() {}

    public static TensorDataset fromMnist(MnistData data) {
        byte[] pixels = data.images();
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) scaled[i] = (pixels[i] & 0xFF) / 255f;
        long[] labels = new long[data.count()];
        for (int i = 0; i < labels.length; i++) labels[i] = data.labels()[i];
        return new TensorDataset(Tensors.fromArray(scaled, data.count(), 1, data.rows(), data.cols()),
                Tensors.fromArray(labels, labels.length));
    }

    /** The 10,000 bundled real digits (classes interleaved 0..9, 0..9, ...). */
    public static TensorDataset bundled() {
        return fromMnist(BundledMnist.load());
    }

    /**
     * The bundled digits cut into the first {@code trainCount} (training) and the rest (test);
     * because classes are interleaved, both parts are close to class-balanced.
     */
    public static TrainTest<TensorDataset> bundledSplit(int trainCount) {
        TensorDataset all = bundled();
        int n = all.size();
        if (trainCount <= 0 || trainCount >= n) {
            throw new IllegalArgumentException("MnistDatasets.bundledSplit: trainCount must be in [1, " + (n - 1) + "], got " + trainCount);
        }
        return new TrainTest<>(slice(all, 0, trainCount), slice(all, trainCount, n - trainCount));
    }

    /** Fashion-MNIST from its standard four IDX files in {@link FashionMnist#DEFAULT_DIR}. */
    public static TrainTest<TensorDataset> fashion() throws IOException {
        return fashion(FashionMnist.DEFAULT_DIR);
    }

    public static TrainTest<TensorDataset> fashion(Path dir) throws IOException {
        MnistSplit split = FashionMnist.load(dir);
        return new TrainTest<>(fromMnist(split.train()), fromMnist(split.test()));
    }

    private static TensorDataset slice(TensorDataset data, int start, int length) {
        Tensor inputs = data.inputs().narrow(0, start, length);
        Tensor targets = data.targets().narrow(0, start, length);
        return new TensorDataset(inputs.contiguous(), targets.contiguous());
    }
}
