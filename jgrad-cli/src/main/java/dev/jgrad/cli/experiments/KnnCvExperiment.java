package dev.jgrad.cli.experiments;

import dev.jgrad.classic.KNearestNeighbors;
import dev.jgrad.classic.KNearestNeighbors.Metric;
import dev.jgrad.data.KFold;
import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * The lecture's hyper-parameter choice by cross-validation: k-NN on raw pixels of the bundled
 * digits, 5-fold CV on the training subset for each k and both distances, then the chosen
 * (distance, k) refitted on the whole subset and scored once on held-out test digits.
 */
final class KnnCvExperiment extends Experiment {
    static final int FOLDS = 5;

    KnnCvExperiment() {
        super("knn-cv",
                "k-NN (L1 and L2) on digits, 5-fold cross-validation to choose k, then the test accuracy");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        int trainCount = quick ? 500 : 2000, testCount = quick ? 200 : 1000;
        int[] ks = quick ? new int[] {1, 3, 5, 9} : new int[] {1, 3, 5, 7, 9, 15, 25, 50};
        TensorDataset all = MnistDatasets.bundled();
        Tensor x = all.inputs().narrow(0, 0, trainCount).flatten(1).contiguous();
        Tensor y = all.targets().narrow(0, 0, trainCount).contiguous();
        Tensor testX = all.inputs().narrow(0, trainCount, testCount).flatten(1).contiguous();
        Tensor testY = all.targets().narrow(0, trainCount, testCount).contiguous();

        KFold cv = new KFold(trainCount, FOLDS, seed);
        Table table = new Table("metric", "k", "fold", "accuracy");
        Map<String, Double> numbers = new LinkedHashMap<>();
        XYChart chart = Figures.panel(String.format(Locale.ROOT, "%d-fold cross-validation, %d digits", FOLDS, trainCount), "k",
                "validation accuracy (mean ± std over folds)");
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "k-NN on %d bundled digits (raw pixels), %d-fold CV accuracy:%n",
                trainCount, FOLDS));
        Metric bestMetric = null;
        int bestK = 0;
        double bestAccuracy = -1;
        for (Metric metric : Metric.values()) {
            double[][] accuracy = new double[ks.length][FOLDS];   // (k, fold)
            for (KFold.Fold fold : cv.folds()) {
                Tensor trainIdx = Tensors.fromArray(toLong(fold.train()), fold.train().length);
                Tensor valIdx = Tensors.fromArray(toLong(fold.validation()), fold.validation().length);
                KNearestNeighbors knn = new KNearestNeighbors(x.indexSelect(0, trainIdx), y.indexSelect(0, trainIdx), metric);
                Tensor nearest = knn.neighbors(x.indexSelect(0, valIdx), ks[ks.length - 1]);
                Tensor truth = y.indexSelect(0, valIdx);
                for (int i = 0; i < ks.length; i++) {
                    accuracy[i][fold.index()] = accuracy(knn.vote(nearest, ks[i]), truth);
                    table.row(metric, ks[i], fold.index(), accuracy[i][fold.index()]);
                }
            }
            double[] means = new double[ks.length], stds = new double[ks.length], kAxis = new double[ks.length];
            text.append(String.format(Locale.ROOT, "  %s:", metric));
            for (int i = 0; i < ks.length; i++) {
                double[] ms = meanStd(accuracy[i]);
                means[i] = ms[0];
                stds[i] = ms[1];
                kAxis[i] = ks[i];
                numbers.put(metric + ".k" + ks[i] + ".cv_accuracy", ms[0]);
                text.append(String.format(Locale.ROOT, " k=%d %.1f%%", ks[i], 100 * ms[0]));
                if (ms[0] > bestAccuracy) {
                    bestAccuracy = ms[0];
                    bestMetric = metric;
                    bestK = ks[i];
                }
            }
            text.append('\n');
            chart.addSeries(metric.toString(), kAxis, means, stds);
        }
        KNearestNeighbors chosen = new KNearestNeighbors(x, y, bestMetric);
        double test = accuracy(chosen.predict(testX, bestK), testY);
        numbers.put("best_k", (double) bestK);
        numbers.put("best_cv_accuracy", bestAccuracy);
        numbers.put("test_accuracy", test);
        text.append(String.format(Locale.ROOT, "CV chooses %s with k=%d (%.1f%%); refitted on all %d, it scores %.1f%% on %d test digits.",
                bestMetric, bestK, 100 * bestAccuracy, trainCount, 100 * test, testCount));
        chart.getStyler().setXAxisLogarithmic(true);
        Path csv = dir.resolve("knn-cv.csv"), png = dir.resolve("knn-cv.png");
        table.write(csv);
        Figures.panels(png, List.of(chart), 1);
        return new Outcome(text.toString(), numbers, List.of(png, csv));
    }

    private static long[] toLong(int[] indices) {
        long[] out = new long[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = indices[i];
        return out;
    }

    private static double accuracy(Tensor predicted, Tensor truth) {
        return predicted.eq(truth).to(DType.FLOAT64).mean().item();
    }

    private static double[] meanStd(double[] v) {
        double mean = 0, sq = 0;
        for (double a : v) mean += a / v.length;
        for (double a : v) sq += (a - mean) * (a - mean) / v.length;
        return new double[] {mean, Math.sqrt(sq)};
    }
}
