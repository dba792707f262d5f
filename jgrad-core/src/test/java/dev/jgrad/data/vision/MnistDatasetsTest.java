package dev.jgrad.data.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.TrainTest;
import dev.jgrad.data.io.BundledMnist;
import dev.jgrad.data.io.Cifar10Data;
import dev.jgrad.data.io.FashionMnist;
import dev.jgrad.data.io.MnistData;
import dev.jgrad.data.transforms.Normalization;
import dev.jgrad.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MnistDatasetsTest {
    @Test
    void bundledDigitsAreScaledFloatImagesWithInt64Labels() {
        MnistData raw = BundledMnist.load();
        TensorDataset d = MnistDatasets.bundled();
        assertThat(d.inputs().shape()).containsExactly(10_000, 1, 28, 28);
        assertThat(d.inputs().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(d.targets().shape()).containsExactly(10_000);
        assertThat(d.targets().dtype()).isEqualTo(DType.INT64);
        assertThat(d.inputs().getDouble(17, 0, 14, 9)).isEqualTo(raw.pixel(17, 14, 9) / 255f);
        assertThat(d.targets().getLong(17)).isEqualTo(raw.labels()[17]);
        assertThat(d.inputs().amax(new int[] {0, 1, 2, 3}, false).item()).isEqualTo(1.0);
    }

    @Test
    void bundledSplitKeepsOrderAndBalance() {
        TrainTest<TensorDataset> split = MnistDatasets.bundledSplit(8000);
        assertThat(split.train().size()).isEqualTo(8000);
        assertThat(split.test().size()).isEqualTo(2000);
        TensorDataset all = MnistDatasets.bundled();
        assertThat(split.test().get(0).target().itemLong()).isEqualTo(all.targets().getLong(8000));
        assertThat(split.test().get(0).input().equal(all.inputs().select(0, 8000))).isTrue();
        // Interleaved classes: the first 8000 digits hold exactly 800 of each class.
        long[] counts = new long[10];
        for (long label : split.train().targets().toLongArray()) counts[(int) label]++;
        assertThat(counts).containsOnly(800L);
    }

    @Test
    void fashionMnistMatchesThePeersNormalisationConstants() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST is not installed");
        TrainTest<TensorDataset> fashion = MnistDatasets.fashion();
        assertThat(fashion.train().inputs().shape()).containsExactly(60_000, 1, 28, 28);
        assertThat(fashion.test().size()).isEqualTo(10_000);
        Normalization.Stats stats = Normalization.compute(fashion.train().inputs());
        // /work/shared/peers/pytorch/README.md: train mean 0.286041, std 0.353024.
        assertThat(stats.mean()[0]).isCloseTo(0.286041, within(5e-6));
        assertThat(stats.std()[0]).isCloseTo(0.353024, within(5e-6));
    }

    @Test
    void cifarRecordsBecomePlanarImages() {
        byte[] images = new byte[2 * Cifar10Data.IMAGE_BYTES];
        images[0] = (byte) 255;                 // image 0, red, (0, 0)
        images[1024 + 33] = (byte) 51;           // image 0, green, (1, 1)
        images[Cifar10Data.IMAGE_BYTES + 2048] = 102; // image 1, blue, (0, 0)
        TensorDataset d = Cifar10Datasets.fromCifar(new Cifar10Data(images, new int[] {3, 9}, 2));
        assertThat(d.inputs().shape()).containsExactly(2, 3, 32, 32);
        assertThat(d.inputs().getDouble(0, 0, 0, 0)).isEqualTo(1.0);
        assertThat(d.inputs().getDouble(0, 1, 1, 1)).isEqualTo(0.2f);
        assertThat(d.inputs().getDouble(1, 2, 0, 0)).isEqualTo(0.4f);
        assertThat(d.targets().toLongArray()).containsExactly(3, 9);
        assertThat(Cifar10Datasets.CLASSES.get(3)).isEqualTo("cat");
    }
}
