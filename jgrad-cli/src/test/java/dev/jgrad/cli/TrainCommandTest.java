package dev.jgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.train.ModelFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One short real training run on the bundled digits, then everything a user does with its folder. */
class TrainCommandTest {
    /** What 3 epochs on 2,000 bundled digits reach on 500 held-out ones (measured: about 94%). */
    private static final double EXPECTED_ACCURACY = 0.90;
    private static final Pattern ACCURACY = Pattern.compile("held-out accuracy: ([0-9.]+)% \\((\\d+)/500\\), loss [0-9.]+, top-5 [0-9.]+%");


    @TempDir
    static Path dir;

    private static Path runDir;
    private static CliRun train;

    @BeforeAll
    static void trainOnce() throws IOException {
        Path config = dir.resolve("short.yaml");
        Files.writeString(config, """
                # a short run; the command line adds --out
                epochs: 3
                batch-size: 32
                augment: none
                train-size: 2000
                val-size: 500
                checkpoint-every: 20
                threads: 2
                """);
        runDir = dir.resolve("run");
        train = CliRun.of("train", "--config", config.toString(), "--out", runDir.toString());
    }

    @Test
    void trainsToTheStatedAccuracyAndSaysWhatToDoNext() {
        assertThat(train.exit()).as(train.err()).isZero();
        Matcher m = ACCURACY.matcher(train.out());
        assertThat(m.find()).as(train.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1)) / 100).isGreaterThanOrEqualTo(EXPECTED_ACCURACY);
        assertThat(train.out()).contains("epoch 3: train loss", "run folder: " + runDir, "./jgrad eval " + runDir, "./jgrad predict ");
    }

    @Test
    void writesEveryFileOfTheRunFolder() throws IOException {
        for (String name : List.of("model.safetensors", "metrics.csv", "metrics.jsonl", "loss.png", "accuracy.png", "lr.png", "config.json",
                "summary.txt", "checkpoints/best.ckpt")) {
            assertThat(runDir.resolve(name)).as(name).isNotEmptyFile();
        }
        List<String> csv = Files.readAllLines(runDir.resolve("metrics.csv"));
        assertThat(csv).hasSize(4);
        List<String> header = List.of(csv.getFirst().split(","));
        assertThat(header).startsWith("epoch", "train_loss", "train_accuracy").contains("val_loss", "val_accuracy", "lr");
        for (String row : csv.subList(1, 4)) {
            String[] cells = row.split(",");
            assertThat(cells).hasSameSizeAs(header.toArray());
            for (String cell : cells) assertThat(Double.parseDouble(cell)).isFinite();
        }
        assertThat(Files.readAllLines(runDir.resolve("metrics.jsonl"))).anyMatch(l -> l.startsWith("{\"kind\":\"epoch\",\"epoch\":3,"));
        for (String png : List.of("loss.png", "accuracy.png", "lr.png")) {
            BufferedImage image = ImageIO.read(runDir.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(800);
        }
        assertThat(Files.readString(runDir.resolve("summary.txt"))).contains("61,706", "per-class accuracy", "confusion matrix");
        ModelFile.Loaded model = ModelFile.load(runDir.resolve("model.safetensors"));
        assertThat(model.info().architecture()).isEqualTo("lenet");
        assertThat(model.info().classes()).hasSize(10);
        assertThat(model.model().stateDict()).containsKeys("0.weight", "11.bias");
    }

    @Test
    void evalReproducesTheReportedAccuracy() {
        Matcher trained = ACCURACY.matcher(train.out());
        assertThat(trained.find()).isTrue();
        CliRun eval = CliRun.of("eval", runDir.toString());
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(trained.group(), "per-class accuracy", "confusion matrix");
    }

    @Test
    void predictPrintsAClassAndProbabilitiesForAnImage() throws IOException {
        Tensor digit = MnistDatasets.bundled().get(9000).input(); // a held-out digit, [1, 28, 28] in [0, 1]
        float[] pixels = digit.toFloatArray();
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < pixels.length; i++) image.getRaster().setSample(i % 28, i / 28, 0, Math.round(pixels[i] * 255));
        Path png = dir.resolve("digit.png");
        ImageIO.write(image, "png", png.toFile());
        CliRun predict = CliRun.of("predict", runDir.toString(), png.toString());
        assertThat(predict.exit()).as(predict.err()).isZero();
        long label = MnistDatasets.bundled().get(9000).target().toLongArray()[0];
        assertThat(predict.out()).startsWith(png + ": " + label + " (").contains("[" + label + " 0.");
    }

    @Test
    void summaryPrintsTheLayerTable() {
        CliRun zoo = CliRun.of("summary", "lenet");
        assertThat(zoo.exit()).isZero();
        assertThat(zoo.out()).contains("Conv2d", "Linear", "61,706");
        CliRun trained = CliRun.of("summary", runDir.toString());
        assertThat(trained.out()).isEqualTo(zoo.out());
    }

    @Test
    void trainsOnACsvTable() throws IOException {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 300; i++) {
            int label = i % 3;
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%d%n", 3 * Math.cos(2 * Math.PI * label / 3) + random.nextGaussian() * 0.5,
                    3 * Math.sin(2 * Math.PI * label / 3) + random.nextGaussian() * 0.5, label));
        }
        Path file = dir.resolve("blobs.csv");
        Files.writeString(file, csv);
        Path out = dir.resolve("csv-run");
        CliRun r = CliRun.of("train", "--dataset", "csv", file.toString(), "--model", "mlp", "--epochs", "3", "--batch-size", "16", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Matcher m = Pattern.compile("held-out accuracy: ([0-9.]+)% \\((\\d+)/60\\)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(95);
        assertThat(CliRun.of("eval", out.toString()).out()).contains(m.group());
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        assertThat(CliRun.of("train", "--epochs", "many").exit()).isEqualTo(2);
        CliRun noEpochs = CliRun.of("train", "--epochs", "0");
        assertThat(noEpochs.exit()).isEqualTo(2);
        assertThat(noEpochs.err()).contains("--epochs must be >= 1, got 0");
        CliRun negativeBatch = CliRun.of("train", "--batch-size", "-3");
        assertThat(negativeBatch.exit()).isEqualTo(2);
        assertThat(negativeBatch.err()).contains("--batch-size must be >= 1, got -3");
        CliRun noThreads = CliRun.of("train", "--threads", "0");
        assertThat(noThreads.exit()).isEqualTo(2);
        assertThat(noThreads.err()).contains("--threads must be >= 1, got 0");
        CliRun badOptimizer = CliRun.of("train", "--optimizer", "sgdd");
        assertThat(badOptimizer.exit()).isEqualTo(2);
        assertThat(badOptimizer.err()).contains("unknown --optimizer 'sgdd'");
        Path config = dir.resolve("typo.yaml");
        Files.writeString(config, "epoch: 3\n");
        CliRun badKey = CliRun.of("train", "--config", config.toString());
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err()).contains(config + ": unknown key 'epoch'");
        CliRun resumeWithOptions = CliRun.of("train", "--resume", runDir.toString(), "--lr", "0.1");
        assertThat(resumeWithOptions.exit()).isEqualTo(2);
        assertThat(resumeWithOptions.err()).contains("--lr cannot be combined with it");
        assertThat(CliRun.of("eval").exit()).isEqualTo(2);
        assertThat(CliRun.of("predict", runDir.toString()).exit()).isEqualTo(2);
        assertThat(CliRun.of("summary", "nonet").exit()).isEqualTo(2);
    }

    @Test
    void runtimeErrorsAreOneLineNamingTheFile() throws IOException {
        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, new byte[] {1, 2, 3});
        for (String[] args : List.of(new String[] {"eval", garbage.toString()}, new String[] {"eval", dir.resolve("missing").toString()},
                new String[] {"predict", runDir.toString(), runDir.resolve("config.json").toString()})) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err().lines().toList()).hasSize(1);
            assertThat(r.err()).startsWith("jgrad: error: ").contains(args[args.length - 1]).doesNotContain("\tat ");
        }
        CliRun refused = CliRun.of("train", "--out", runDir.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("already exists and is not empty");
    }
}
