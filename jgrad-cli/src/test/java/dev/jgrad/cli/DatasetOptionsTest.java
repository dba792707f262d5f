package dev.jgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.train.ModelFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dataset idx DIR}, {@code folder DIR} and {@code cifar10 DIR} on tiny files written here:
 * three classes that differ plainly (the size of a bright square, or the colour), one short epoch,
 * then {@code eval} reads the model back and reproduces the reported accuracy.
 */
class DatasetOptionsTest {
    private static final int CLASSES = 3;
    private static final Pattern ACCURACY = Pattern.compile("held-out accuracy: ([0-9.]+)% \\((\\d+)/(\\d+)\\)");

    @TempDir
    Path dir;

    @Test
    void trainsOnIdxFiles() throws IOException {
        Path data = Files.createDirectories(dir.resolve("idx"));
        writeIdx(data, "train", 300, new Random(1));
        writeIdx(data, "t10k", 60, new Random(2));
        trainThenEval(List.of("idx", data.toString()), 60, "--augment", "none");
    }

    @Test
    void trainsOnAnImageFolder() throws IOException {
        Path data = dir.resolve("folder");
        Random random = new Random(3);
        List<String> colours = List.of("blue", "green", "red");
        for (String split : List.of("train", "test")) {
            for (int k = 0; k < CLASSES; k++) {
                Path classDir = Files.createDirectories(data.resolve(split).resolve(colours.get(k)));
                for (int i = 0; i < (split.equals("train") ? 60 : 10); i++) {
                    BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 12; y++) {
                        for (int x = 0; x < 12; x++) {
                            int[] rgb = new int[3];
                            for (int c = 0; c < 3; c++) rgb[c] = random.nextInt(60) + (c == 2 - k ? 180 : 0);
                            image.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                        }
                    }
                    ImageIO.write(image, "png", classDir.resolve(i + ".png").toFile());
                }
            }
        }
        ModelFile.Loaded model = trainThenEval(List.of("folder", data.toString()), 30);
        assertThat(model.info().classes()).containsExactlyElementsOf(colours);
    }

    @Test
    void trainsOnCifar10Batches() throws IOException {
        Path data = Files.createDirectories(dir.resolve("cifar"));
        Random random = new Random(4);
        for (String name : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin")) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 30; i++) {
                int label = i % CLASSES;
                batch.write(label);
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 32 * 32; p++) batch.write(random.nextInt(60) + (c == label ? 180 : 0));
                }
            }
            Files.write(data.resolve(name), batch.toByteArray());
        }
        ModelFile.Loaded model = trainThenEval(List.of("cifar10", data.toString()), 30);
        assertThat(model.info().inputShape()).containsExactly(3, 32, 32);
        assertThat(model.info().classes()).startsWith("airplane", "automobile", "bird");
    }

    /** One epoch of an MLP on {@code dataset}; the held-out accuracy (of {@code heldOut} samples) is well above chance and {@code eval} repeats it. */
    private ModelFile.Loaded trainThenEval(List<String> dataset, int heldOut, String... extra) throws IOException {
        Path out = dir.resolve("run");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--model", "mlp", "--epochs", "1", "--batch-size", "8", "--threads", "2",
                "--out", out.toString(), "--dataset"));
        args.addAll(dataset);
        args.addAll(List.of(extra));
        CliRun train = CliRun.of(args.toArray(String[]::new));
        assertThat(train.exit()).as(train.err()).isZero();
        Matcher m = ACCURACY.matcher(train.out());
        assertThat(m.find()).as(train.out()).isTrue();
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(heldOut);
        assertThat(Double.parseDouble(m.group(1))).as(train.out()).isGreaterThanOrEqualTo(90);
        CliRun eval = CliRun.of("eval", out.toString());
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(m.group());
        return ModelFile.load(out.resolve(RunFolder.MODEL));
    }

    /** {@code prefix}-images-idx3-ubyte.gz and -labels-idx1-ubyte.gz: 28x28 images whose class is the size of a centred bright square. */
    private static void writeIdx(Path dir, String prefix, int n, Random random) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + n * 28 * 28).putInt(0x803).putInt(n).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES, half = 3 + 4 * label;
            labels.put((byte) label);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean inside = Math.abs(y - 14) < half && Math.abs(x - 14) < half;
                    images.put((byte) (random.nextInt(40) + (inside ? 200 : 0)));
                }
            }
        }
        gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"), images.array());
        gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), labels.array());
    }

    private static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }
}
