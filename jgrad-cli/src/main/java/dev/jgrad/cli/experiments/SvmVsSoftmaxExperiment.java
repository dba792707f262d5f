package dev.jgrad.cli.experiments;

import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.MultiMarginLoss;
import dev.jgrad.nn.models.LinearSVM;
import dev.jgrad.nn.models.LogisticRegression;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.SGD;
import dev.jgrad.tensor.Generator;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * The two linear classifiers of the lecture on the raw pixels of the bundled digits: a linear SVM
 * (multi-class hinge loss, {@code MultiMarginLoss}) and softmax regression (cross-entropy), each
 * trained for every strength λ of an L2 penalty ½λ‖W‖² on the weights (SGD's weight decay on the
 * weight matrix, not on the biases). λ is chosen on a validation split and the choice scored once
 * on test digits; the second figure shows each class's learned weights as an image (its template).
 */
final class SvmVsSoftmaxExperiment extends Experiment {
    static final double LR = 0.02;
    static final double MOMENTUM = 0.9;
    static final int BATCH = 50;

    /** A linear classifier and the loss it is trained with. */
    private record Kind(String key, String name, Function<Generator, Module> model, Supplier<Loss> loss) {
        Linear linear(Module m) {
            return m instanceof LinearSVM svm ? svm.linear : ((LogisticRegression) m).linear;
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("svm", "SVM (hinge)", gen -> new LinearSVM(784, Classifiers.CLASSES, gen), MultiMarginLoss::new),
            new Kind("softmax", "softmax (cross-entropy)", gen -> new LogisticRegression(784, Classifiers.CLASSES, gen), CrossEntropyLoss::new));

    SvmVsSoftmaxExperiment() {
        super("svm-vs-softmax",
                "linear SVM (hinge) vs softmax (cross-entropy) on digits, L2 regularisation sweep, lambda chosen on validation");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        int trainCount = quick ? 1000 : 4000, validationCount = quick ? 500 : 1000, testCount = quick ? 500 : 2000;
        int epochs = quick ? 4 : 15;
        double[] lambdas = quick ? new double[] {1e-4, 1e-2, 1} : new double[] {1e-5, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1};
        TensorDataset all = MnistDatasets.bundled();
        TensorDataset train = Classifiers.slice(all, 0, trainCount);
        TensorDataset validation = Classifiers.slice(all, trainCount, validationCount);
        TensorDataset test = Classifiers.slice(all, trainCount + validationCount, testCount);

        Table table = new Table("classifier", "lambda", "train_accuracy", "validation_accuracy", "test_accuracy", "weight_norm");
        Map<String, Double> numbers = new LinkedHashMap<>();
        XYChart accuracy = Figures.panel("Accuracy vs L2 strength", "lambda", "accuracy");
        XYChart norms = Figures.panel("Weight norm ||W|| vs L2 strength", "lambda", "||W||");
        accuracy.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideSW);
        norms.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        List<BufferedImage> templates = new ArrayList<>();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Linear classifiers on %d digits (%d validation, %d test), %d epochs of SGD (lr %s, momentum %s, batch %d) per lambda:%n",
                trainCount, validationCount, testCount, epochs, LR, MOMENTUM, BATCH));
        for (Kind kind : KINDS) {
            double[] trainAcc = new double[lambdas.length], validationAcc = new double[lambdas.length], norm = new double[lambdas.length];
            Module best = null;
            int bestIndex = 0;
            text.append(String.format(Locale.ROOT, "  %s, validation accuracy:", kind.name()));
            for (int i = 0; i < lambdas.length; i++) {
                Module model = kind.model().apply(new Generator(seed));
                Linear linear = kind.linear(model);
                SGD opt = new SGD(List.of(new ParamGroup(List.of(linear.weight.data())).set("weight_decay", lambdas[i]),
                        new ParamGroup(List.of(linear.bias.data()))), new SGD.Options().lr(LR).momentum(MOMENTUM));
                Classifiers.Epoch end = Classifiers.fit(model, kind.loss().get(), opt, train, validation, epochs, BATCH, seed).getLast();
                trainAcc[i] = end.trainAccuracy();
                validationAcc[i] = end.testAccuracy();
                norm[i] = linear.weight.data().square().sum().sqrt().item();
                double testAcc = Classifiers.accuracy(model, test);
                table.row(kind.name(), lambdas[i], trainAcc[i], validationAcc[i], testAcc, norm[i]);
                numbers.put(kind.key() + ".lambda" + decimal(lambdas[i]) + ".validation_accuracy", validationAcc[i]);
                numbers.put(kind.key() + ".lambda" + decimal(lambdas[i]) + ".weight_norm", norm[i]);
                text.append(String.format(Locale.ROOT, " %s: %.1f%%", decimal(lambdas[i]), 100 * validationAcc[i]));
                if (best == null || validationAcc[i] > validationAcc[bestIndex]) {
                    best = model;
                    bestIndex = i;
                }
            }
            double bestTest = Classifiers.accuracy(best, test);
            numbers.put(kind.key() + ".best_lambda", lambdas[bestIndex]);
            numbers.put(kind.key() + ".test_accuracy", bestTest);
            text.append(String.format(Locale.ROOT, "%n    validation chooses lambda = %s: test accuracy %.1f%%, ||W|| %.2f (%.2f at lambda %s)%n",
                    decimal(lambdas[bestIndex]), 100 * bestTest, norm[bestIndex], norm[0], decimal(lambdas[0])));
            accuracy.addSeries(kind.name() + " train", lambdas, trainAcc).setLineStyle(SeriesLines.DASH_DASH);
            accuracy.addSeries(kind.name() + " validation", lambdas, validationAcc);
            norms.addSeries(kind.name(), lambdas, norm);
            float[] w = kind.linear(best).weight.data().contiguous().toFloatArray();
            for (int c = 0; c < Classifiers.CLASSES; c++) {
                templates.add(Figures.image(String.format(Locale.ROOT, "%s %d", kind.key(), c), Arrays.copyOfRange(w, c * 784, (c + 1) * 784),
                        28, 28, 112));
            }
        }
        Path csv = dir.resolve("svm-vs-softmax.csv"), png = dir.resolve("svm-vs-softmax.png");
        Path templatesPng = dir.resolve("svm-vs-softmax-templates.png");
        table.write(csv);
        Figures.panels(png, List.of(accuracy, norms), 2);
        Figures.grid(templatesPng, templates, Classifiers.CLASSES);
        text.append("Both reach similar accuracy; a strong penalty shrinks the weights until both underfit, and the hinge loss, "
                + "content once every margin is met, keeps smaller weights than cross-entropy at a weak penalty.");
        return new Outcome(text.toString(), numbers, List.of(png, templatesPng, csv));
    }

    /** 0.0001 rather than 1.0E-4. */
    private static String decimal(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
