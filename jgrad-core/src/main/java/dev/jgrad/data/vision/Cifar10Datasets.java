package dev.jgrad.data.vision;

import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.TrainTest;
import dev.jgrad.data.io.Cifar10Data;
import dev.jgrad.data.io.Cifar10Reader;
import dev.jgrad.data.io.Cifar10Split;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-10 as tensors: inputs float32 [N, 3, 32, 32] scaled to [0, 1], targets int64 [N].
 *
 * <pre>{@code
 * TrainTest<TensorDataset> cifar = Cifar10Datasets.load(Path.of("cifar-10-batches-bin"));
 * }</pre>
 */
public final class Cifar10Datasets {
    /** Class names in label order. */
    public static final List<String> CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10Datasets() {}

    public static TensorDataset fromCifar(Cifar10Data data) {
        byte[] pixels = data.images();
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) scaled[i] = (pixels[i] & 0xFF) / 255f;
        long[] labels = new long[data.count()];
        for (int i = 0; i < labels.length; i++) labels[i] = data.labels()[i];
        return new TensorDataset(
                Tensors.fromArray(scaled, data.count(), Cifar10Data.CHANNELS, Cifar10Data.ROWS, Cifar10Data.COLS),
                Tensors.fromArray(labels, labels.length));
    }

    /** data_batch_1..5.bin (train) and test_batch.bin (test) from {@code dir}. */
    public static TrainTest<TensorDataset> load(Path dir) throws IOException {
        Cifar10Split split = Cifar10Reader.readDirectory(dir);
        return new TrainTest<>(fromCifar(split.train()), fromCifar(split.test()));
    }
}
