package dev.jgrad.cli.experiments;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.nn.models.LogisticRegression;
import dev.jgrad.optim.SGD;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lecture's first classifier: "is it a 5?" by binary logistic regression on the raw pixels of
 * the bundled digits, trained by full-batch gradient descent (one step per pass over the data) and
 * by stochastic gradient descent (one step per digit), from the same initial weights. Both curves
 * are plotted against passes over the training set, with the training and the test error.
 */
final class IsItA5Experiment extends Experiment {
    static final double GD_LR = 0.5;
    static final double SGD_LR = 0.01;

    /** One measurement: after {@code epochs} passes over the training set (fractional for SGD). */
    private record Point(double epochs, double trainLoss, double trainError, double testLoss, double testError) {}

    IsItA5Experiment() {
        super("is-it-a-5",
                "binary logistic regression 'is it a 5?' on digits: full-batch gradient descent vs SGD, train and test error");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        int trainCount = quick ? 1000 : 4000, testCount = quick ? 500 : 2000;
        int gdEpochs = quick ? 60 : 300, sgdEpochs = quick ? 3 : 10;
        TensorDataset all = MnistDatasets.bundled();
        Tensor x = all.inputs().narrow(0, 0, trainCount).flatten(1).contiguous();
        Tensor y = isFive(all.targets().narrow(0, 0, trainCount));
        Tensor testX = all.inputs().narrow(0, trainCount, testCount).flatten(1).contiguous();
        Tensor testY = isFive(all.targets().narrow(0, trainCount, testCount));

        List<Point> gd = fullBatch(new LogisticRegression(784, 1, new Generator(seed)), x, y, testX, testY, gdEpochs);
        List<Point> sgd = stochastic(new LogisticRegression(784, 1, new Generator(seed)), x, y, testX, testY, sgdEpochs, seed);

        Table table = new Table("method", "lr", "epochs", "train_loss", "train_error", "test_loss", "test_error");
        for (Point p : gd) table.row("GD", GD_LR, p.epochs(), p.trainLoss(), p.trainError(), p.testLoss(), p.testError());
        for (Point p : sgd) table.row("SGD", SGD_LR, p.epochs(), p.trainLoss(), p.trainError(), p.testLoss(), p.testError());
        XYChart errors = Figures.panel("'Is it a 5?': error rate", "passes over the training set", "error rate");
        XYChart losses = Figures.panel("'Is it a 5?': cross-entropy", "passes over the training set", "loss");
        errors.getStyler().setXAxisLogarithmic(true).setYAxisMin(0.0).setYAxisMax(0.12);
        losses.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        addCurves(errors, losses, "GD", gd);
        addCurves(errors, losses, "SGD", sgd);
        Path csv = dir.resolve("is-it-a-5.csv"), png = dir.resolve("is-it-a-5.png");
        table.write(csv);
        Figures.panels(png, List.of(errors, losses), 2);

        Point gdEnd = gd.getLast(), sgdEnd = sgd.getLast(), gdOne = at(gd, 1), sgdOne = at(sgd, 1);
        double baseline = testY.to(DType.FLOAT64).mean().item();
        double gdCatchUp = gd.stream().filter(p -> p.testError() <= sgdOne.testError()).mapToDouble(Point::epochs).findFirst().orElse(Double.NaN);
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("fives_share_test", baseline);
        numbers.put("gd.epoch1.test_error", gdOne.testError());
        numbers.put("sgd.epoch1.test_error", sgdOne.testError());
        numbers.put("gd.epochs_to_sgd_epoch1", gdCatchUp);
        numbers.put("gd.final.train_error", gdEnd.trainError());
        numbers.put("gd.final.test_error", gdEnd.testError());
        numbers.put("sgd.final.train_error", sgdEnd.trainError());
        numbers.put("sgd.final.test_error", sgdEnd.testError());
        String text = String.format(Locale.ROOT, """
                Logistic regression 'is it a 5?' on %d digits (%d test digits, %.1f%% of them fives: always answering 'no' errs %.1f%%).
                After one pass: full-batch GD (lr %s, one step per pass) errs %.1f%% on test, SGD (lr %s, one step per digit) %.1f%%;
                GD needs %.0f passes to match SGD's first. After %d GD passes: train error %.2f%%, test %.2f%%;
                after %d SGD passes: train %.2f%%, test %.2f%% (the gap between train and test is the generalisation gap).""",
                trainCount, testCount, 100 * baseline, 100 * baseline, GD_LR, 100 * gdOne.testError(), SGD_LR, 100 * sgdOne.testError(),
                gdCatchUp, gdEpochs, 100 * gdEnd.trainError(), 100 * gdEnd.testError(), sgdEpochs, 100 * sgdEnd.trainError(),
                100 * sgdEnd.testError());
        return new Outcome(text, numbers, List.of(png, csv));
    }

    /** 1 for a five, else 0, as float32 (N). */
    private static Tensor isFive(Tensor labels) {
        return labels.eq(5).to(DType.FLOAT32).contiguous();
    }

    private static List<Point> fullBatch(LogisticRegression model, Tensor x, Tensor y, Tensor testX, Tensor testY, int epochs) {
        SGD opt = new SGD(model.parameters(), GD_LR);
        List<Point> points = new ArrayList<>(List.of(measure(model, 0, x, y, testX, testY)));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            step(model, opt, x, y);
            points.add(measure(model, epoch, x, y, testX, testY));
        }
        return points;
    }

    /** One digit per step in a fresh random order each pass; measured ten times per pass. */
    private static List<Point> stochastic(LogisticRegression model, Tensor x, Tensor y, Tensor testX, Tensor testY, int epochs, long seed) {
        SGD opt = new SGD(model.parameters(), SGD_LR);
        Generator shuffle = new Generator(seed + 1);
        int n = x.size(0), every = n / 10;
        List<Point> points = new ArrayList<>(List.of(measure(model, 0, x, y, testX, testY)));
        for (int epoch = 0; epoch < epochs; epoch++) {
            long[] order = Tensors.randperm(n, shuffle).toLongArray();
            for (int i = 0; i < n; i++) {
                int j = (int) order[i];
                step(model, opt, x.narrow(0, j, 1), y.narrow(0, j, 1));
                if ((i + 1) % every == 0) points.add(measure(model, epoch + (i + 1.0) / n, x, y, testX, testY));
            }
        }
        return points;
    }

    private static void step(LogisticRegression model, SGD opt, Tensor x, Tensor y) {
        opt.zeroGrad();
        loss(model, x, y).backward();
        opt.step();
    }

    private static Tensor loss(LogisticRegression model, Tensor x, Tensor y) {
        return Losses.binaryCrossEntropyWithLogits(model.call(x).squeeze(1), y, null, null, Reduction.MEAN);
    }

    private static Point measure(LogisticRegression model, double epochs, Tensor x, Tensor y, Tensor testX, Tensor testY) {
        try (var noGrad = Autograd.noGrad()) {
            return new Point(epochs, loss(model, x, y).item(), error(model, x, y), loss(model, testX, testY).item(), error(model, testX, testY));
        }
    }

    /** Share of digits where the sign of the logit disagrees with the label. */
    private static double error(LogisticRegression model, Tensor x, Tensor y) {
        Tensor predicted = model.call(x).squeeze(1).gt(0).to(DType.FLOAT32);
        return 1 - predicted.eq(y).to(DType.FLOAT64).mean().item();
    }

    /** The first point at or after {@code epochs} passes. */
    private static Point at(List<Point> points, double epochs) {
        return points.stream().filter(p -> p.epochs() >= epochs - 1e-9).findFirst().orElseThrow();
    }

    private static void addCurves(XYChart errors, XYChart losses, String method, List<Point> points) {
        List<Point> counted = points.subList(1, points.size());   // the log axis has no room for pass 0
        double[] epochs = counted.stream().mapToDouble(Point::epochs).toArray();
        errors.addSeries(method + " train", epochs, counted.stream().mapToDouble(Point::trainError).toArray()).setMarker(SeriesMarkers.NONE);
        errors.addSeries(method + " test", epochs, counted.stream().mapToDouble(Point::testError).toArray()).setMarker(SeriesMarkers.NONE);
        losses.addSeries(method + " train", epochs, counted.stream().mapToDouble(Point::trainLoss).toArray()).setMarker(SeriesMarkers.NONE);
        losses.addSeries(method + " test", epochs, counted.stream().mapToDouble(Point::testLoss).toArray()).setMarker(SeriesMarkers.NONE);
    }
}
