package dev.jgrad.cli.experiments;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.models.LeNet5;
import dev.jgrad.optim.Adam;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a convolutional network learns to look for: trains LeNet-5 on the bundled digits, then
 * draws its six first-layer 5×5 filters before and after training, and the feature maps of one
 * test digit after the first and the second convolution (with ReLU). How far training moved
 * each filter from its random start is measured as the correlation between the two.
 */
final class FiltersExperiment extends Experiment {
    private static final int TILE = 150, EPOCHS = 3;

    FiltersExperiment() {
        super("filters", "first-layer filters of a trained LeNet-5 and the feature maps of one digit, drawn as image grids");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        var digits = MnistDatasets.bundledSplit(8000);
        TensorDataset train = quick ? Classifiers.slice(digits.train(), 0, 2000) : digits.train();
        TensorDataset test = quick ? Classifiers.slice(digits.test(), 0, 500) : digits.test();
        LeNet5 model = new LeNet5(1, 28, Classifiers.CLASSES, new Generator(seed));
        Conv2d conv1 = (Conv2d) model.get(0), conv2 = (Conv2d) model.get(3);
        Tensor initial = conv1.weight.data().clone();                                   // (6, 1, 5, 5)
        Classifiers.fit(model, new CrossEntropyLoss(), new Adam(model.parameters(), 3e-3), train, test, EPOCHS, 64, seed);
        double accuracy = Classifiers.accuracy(model, test);
        Tensor trained = conv1.weight.data();

        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("test_accuracy", accuracy);
        Table table = new Table("filter", "stage", "row", "column", "weight");
        List<BufferedImage> tiles = new ArrayList<>();
        double meanCorrelation = 0;
        for (int f = 0; f < trained.size(0); f++) {
            float[] before = initial.select(0, f).contiguous().toFloatArray(), after = trained.select(0, f).contiguous().toFloatArray();
            double r = correlation(before, after);
            meanCorrelation += r / trained.size(0);
            numbers.put("correlation_with_init." + f, r);
            for (int i = 0; i < after.length; i++) {
                table.row(f, "initial", i / 5, i % 5, before[i]);
                table.row(f, "trained", i / 5, i % 5, after[i]);
            }
            tiles.add(Figures.image("filter " + f + " initial", before, 5, 5, TILE));
            tiles.add(Figures.image(String.format(Locale.ROOT, "%d trained r=%.2f", f, r), after, 5, 5, TILE));
        }
        numbers.put("mean_correlation_with_init", meanCorrelation);

        List<BufferedImage> maps = new ArrayList<>();
        try (var scope = Autograd.noGrad()) {
            model.eval();
            Tensor digit = test.inputs().narrow(0, 0, 1);                                 // (1, 1, 28, 28)
            Tensor first = conv1.call(digit).relu();                                      // (1, 6, 28, 28)
            Tensor second = conv2.call(model.get(2).call(first)).relu();                  // (1, 16, 10, 10)
            maps.add(Figures.image("digit (label " + (long) test.targets().select(0, 0).item() + ")", digit.toFloatArray(), 28, 28, TILE));
            addMaps(maps, "conv1+ReLU", first);
            addMaps(maps, "conv2+ReLU", second);
        }
        Path csv = dir.resolve("filters.csv"), png = dir.resolve("filters.png"), mapsPng = dir.resolve("feature-maps.png");
        table.write(csv);
        Figures.grid(png, tiles, 6);
        Figures.grid(mapsPng, maps, 6);
        String text = String.format(Locale.ROOT,
                "LeNet-5 after %d epochs on %d digits: test accuracy %.1f%%. The first-layer filters keep a correlation of "
                        + "%.2f (mean) with their random start: a few epochs reshape rather than replace them. In the feature maps "
                        + "each first-layer filter responds to strokes of its own orientation and contrast; the second layer's "
                        + "maps respond to parts of the digit.",
                EPOCHS, train.size(), 100 * accuracy, meanCorrelation);
        return new Outcome(text, numbers, List.of(png, mapsPng, csv));
    }

    private static void addMaps(List<BufferedImage> tiles, String stage, Tensor maps) {
        int h = maps.size(2), w = maps.size(3);
        for (int c = 0; c < maps.size(1); c++) {
            tiles.add(Figures.image(stage + " map " + c, maps.select(1, c).contiguous().toFloatArray(), h, w, TILE));
        }
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / (double) a.length;
            mb += b[i] / (double) b.length;
        }
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }
}
