package dev.jgrad.cli.experiments;

import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.GroupNorm;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.SGD;
import dev.jgrad.tensor.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * The same deep ReLU network on the bundled digits three times, from the same initial weights and
 * batch order: plain, with BatchNorm after every hidden Linear, and with GroupNorm there instead
 * (per-sample statistics, so it does not depend on the batch). Plain SGD without momentum, so the
 * difference is the normalisation's alone.
 */
final class BatchNormExperiment extends Experiment {
    static final int GROUPS = 8;
    static final double LR = 0.02;
    static final int BATCH = 50;

    /** A variant of the network: its name and the layer after each hidden Linear (null: none). */
    private record Variant(String key, String name, IntFunction<Module> norm) {}

    private static final List<Variant> VARIANTS = List.of(
            new Variant("plain", "no normalisation", null),
            new Variant("batchnorm", "BatchNorm", BatchNorm1d::new),
            new Variant("groupnorm", "GroupNorm (" + GROUPS + " groups)", features -> new GroupNorm(GROUPS, features)));

    BatchNormExperiment() {
        super("batchnorm",
                "a deep MLP on digits without normalisation, with BatchNorm and with GroupNorm: loss and accuracy curves");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        int trainCount = quick ? 600 : 5000, testCount = quick ? 300 : 2000, epochs = quick ? 5 : 10;
        int hidden = quick ? 6 : 8, width = quick ? 64 : 128;
        TensorDataset all = MnistDatasets.bundled();
        TensorDataset train = Classifiers.slice(all, 0, trainCount), test = Classifiers.slice(all, trainCount, testCount);

        Table table = new Table("network", "epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy");
        Map<String, Double> numbers = new LinkedHashMap<>();
        XYChart losses = Figures.panel("Training loss", "epoch", "cross-entropy (training set)");
        XYChart accuracy = Figures.panel("Test accuracy", "epoch", "accuracy (test set)");
        losses.getStyler().setYAxisLogarithmic(true);
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "A %d-layer ReLU MLP (%d hidden layers of %d) on %d digits, SGD lr %s, batch %d, %d epochs; test accuracy per epoch:%n",
                hidden + 1, hidden, width, trainCount, LR, BATCH, epochs));
        for (Variant v : VARIANTS) {
            Module net = network(hidden, width, v.norm(), new Generator(seed));
            List<Classifiers.Epoch> curve = Classifiers.fit(net, new CrossEntropyLoss(), new SGD(net.parameters(), LR), train, test, epochs,
                    BATCH, seed);
            text.append(String.format(Locale.ROOT, "  %-22s", v.name()));
            for (Classifiers.Epoch e : curve) {
                table.row(v.key(), e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy());
                if (e.epoch() > 0) text.append(String.format(Locale.ROOT, " %.1f%%", 100 * e.testAccuracy()));
            }
            text.append('\n');
            numbers.put(v.key() + ".epoch1.test_accuracy", curve.get(1).testAccuracy());
            numbers.put(v.key() + ".final.test_accuracy", curve.getLast().testAccuracy());
            numbers.put(v.key() + ".final.train_loss", curve.getLast().trainLoss());
            Classifiers.addCurve(losses, v.name(), curve, Classifiers.Epoch::trainLoss);
            Classifiers.addCurve(accuracy, v.name(), curve, Classifiers.Epoch::testAccuracy).setLineStyle(SeriesLines.SOLID);
        }
        Path csv = dir.resolve("batchnorm.csv"), png = dir.resolve("batchnorm.png");
        table.write(csv);
        Figures.panels(png, List.of(losses, accuracy), 2);
        text.append(String.format(Locale.ROOT, "After %d epochs the training loss is %.3f without normalisation, %.3f with BatchNorm, %.3f with GroupNorm.",
                epochs, numbers.get("plain.final.train_loss"), numbers.get("batchnorm.final.train_loss"), numbers.get("groupnorm.final.train_loss")));
        return new Outcome(text.toString(), numbers, List.of(png, csv));
    }

    /** Flatten, then {@code hidden} × (Linear to {@code width}, norm, ReLU), then Linear to the classes. */
    private static Module network(int hidden, int width, IntFunction<Module> norm, Generator gen) {
        Sequential net = new Sequential(new Flatten());
        for (int i = 0; i < hidden; i++) {
            net.add(new Linear(i == 0 ? 784 : width, width, true, gen));
            if (norm != null) net.add(norm.apply(width));
            net.add(new ReLU());
        }
        return net.add(new Linear(width, Classifiers.CLASSES, true, gen));
    }
}
