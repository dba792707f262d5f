package dev.jgrad.cli.experiments;

import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.SGD;
import dev.jgrad.tensor.Generator;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * Over-fitting and two cures: an MLP far larger than its 500 training digits needs, trained until
 * it knows them by heart, then the same network with dropout after each hidden layer and with
 * weight decay. Training and validation curves (both measured in eval mode) show the gap.
 */
final class DropoutWeightDecayExperiment extends Experiment {
    static final double LR = 0.05;
    static final double MOMENTUM = 0.9;
    static final int BATCH = 50;
    static final double INPUT_DROPOUT = 0.2;
    static final double HIDDEN_DROPOUT = 0.5;
    static final double WEIGHT_DECAY = 0.01;

    /** One way to train the network: its dropout probability and weight decay. */
    private record Variant(String key, String name, boolean dropout, double weightDecay) {}

    private static final List<Variant> VARIANTS = List.of(
            new Variant("plain", "no regularisation", false, 0),
            new Variant("dropout", "dropout " + INPUT_DROPOUT + " / " + HIDDEN_DROPOUT, true, 0),
            new Variant("weight_decay", "weight decay " + WEIGHT_DECAY, false, WEIGHT_DECAY));

    DropoutWeightDecayExperiment() {
        super("dropout-weight-decay",
                "an MLP over-fits 500 digits; dropout and weight decay against it: training vs validation curves");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        int trainCount = quick ? 300 : 500, validationCount = quick ? 300 : 1000, epochs = quick ? 15 : 60, width = quick ? 128 : 512;
        TensorDataset all = MnistDatasets.bundled();
        TensorDataset train = Classifiers.slice(all, 0, trainCount), validation = Classifiers.slice(all, trainCount, validationCount);

        Table table = new Table("regularisation", "epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy");
        Map<String, Double> numbers = new LinkedHashMap<>();
        XYChart losses = Figures.panel("Loss: training (dashed) vs validation", "epoch", "cross-entropy");
        XYChart accuracy = Figures.panel("Accuracy: training (dashed) vs validation", "epoch", "accuracy");
        losses.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideSW);
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "MLP 784-%d-%d-10 on %d digits (%d validation), SGD lr %s momentum %s, batch %d, %d epochs:%n",
                width, width, trainCount, validationCount, LR, MOMENTUM, BATCH, epochs));
        for (Variant v : VARIANTS) {
            Module net = network(width, v.dropout(), new Generator(seed));
            SGD opt = new SGD(net.parameters(), new SGD.Options().lr(LR).momentum(MOMENTUM).weightDecay(v.weightDecay()));
            List<Classifiers.Epoch> curve = Classifiers.fit(net, new CrossEntropyLoss(), opt, train, validation, epochs, BATCH, seed);
            for (Classifiers.Epoch e : curve) {
                table.row(v.key(), e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy());
            }
            Classifiers.Epoch end = curve.getLast();
            double bestValidationLoss = curve.stream().mapToDouble(Classifiers.Epoch::testLoss).min().orElseThrow();
            numbers.put(v.key() + ".train_accuracy", end.trainAccuracy());
            numbers.put(v.key() + ".validation_accuracy", end.testAccuracy());
            numbers.put(v.key() + ".accuracy_gap", end.trainAccuracy() - end.testAccuracy());
            numbers.put(v.key() + ".train_loss", end.trainLoss());
            numbers.put(v.key() + ".validation_loss", end.testLoss());
            numbers.put(v.key() + ".best_validation_loss", bestValidationLoss);
            numbers.put(v.key() + ".loss_gap", end.testLoss() - end.trainLoss());
            text.append(String.format(Locale.ROOT,
                    "  %-20s train %.1f%% (loss %.4f), validation %.1f%% (loss %.3f, lowest %.3f): gap %.1f points%n", v.name(),
                    100 * end.trainAccuracy(), end.trainLoss(), 100 * end.testAccuracy(), end.testLoss(), bestValidationLoss,
                    100 * (end.trainAccuracy() - end.testAccuracy())));
            Color color = losses.getStyler().getSeriesColors()[VARIANTS.indexOf(v)];
            for (XYChart chart : List.of(losses, accuracy)) {
                boolean isLoss = chart == losses;
                Classifiers.addCurve(chart, v.name() + " train", curve, isLoss ? Classifiers.Epoch::trainLoss : Classifiers.Epoch::trainAccuracy)
                        .setLineStyle(SeriesLines.DASH_DASH).setLineColor(color).setShowInLegend(false);
                Classifiers.addCurve(chart, v.name(), curve, isLoss ? Classifiers.Epoch::testLoss : Classifiers.Epoch::testAccuracy)
                        .setLineStyle(SeriesLines.SOLID).setLineColor(color);
            }
        }
        Path csv = dir.resolve("dropout-weight-decay.csv"), png = dir.resolve("dropout-weight-decay.png");
        table.write(csv);
        Figures.panels(png, List.of(losses, accuracy), 2);
        text.append(String.format(Locale.ROOT, "Without regularisation the network memorises its digits: the validation loss ends %.2fx above its "
                + "lowest value, %.3f above the training loss. Weight decay keeps it at %.2fx its lowest, %.3f above training; dropout ends "
                + "%.3f above. Validation accuracy moves little (%.1f%%, %.1f%%, %.1f%%): %d digits limit what any of them can learn.",
                numbers.get("plain.validation_loss") / numbers.get("plain.best_validation_loss"), numbers.get("plain.loss_gap"),
                numbers.get("weight_decay.validation_loss") / numbers.get("weight_decay.best_validation_loss"),
                numbers.get("weight_decay.loss_gap"), numbers.get("dropout.loss_gap"), 100 * numbers.get("plain.validation_accuracy"),
                100 * numbers.get("dropout.validation_accuracy"), 100 * numbers.get("weight_decay.validation_accuracy"), trainCount));
        return new Outcome(text.toString(), numbers, List.of(png, csv));
    }

    /** Two hidden ReLU layers; with dropout, as in the dropout paper: a little on the pixels, half on each hidden layer. */
    private static Module network(int width, boolean dropout, Generator gen) {
        Sequential net = new Sequential(new Flatten());
        if (dropout) net.add(new Dropout(INPUT_DROPOUT, gen));
        for (int in : new int[] {784, width}) {
            net.add(new Linear(in, width, true, gen)).add(new ReLU());
            if (dropout) net.add(new Dropout(HIDDEN_DROPOUT, gen));
        }
        return net.add(new Linear(width, Classifiers.CLASSES, true, gen));
    }
}
