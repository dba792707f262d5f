package dev.jgrad.cli.experiments;

import dev.jgrad.data.Batch;
import dev.jgrad.data.DataLoader;
import dev.jgrad.data.LoaderOptions;
import dev.jgrad.data.TensorDataset;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.train.ClassificationMetrics;
import dev.jgrad.train.EpochResult;
import dev.jgrad.train.Trainer;
import dev.jgrad.train.TrainerOptions;
import dev.jgrad.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Trains digit classifiers with the {@link Trainer} and measures them after every epoch, as the experiments plot them. */
final class Classifiers {
    static final int CLASSES = 10;
    private static final int EVAL_BATCH = 500;

    /**
     * Loss and accuracy on the training and the test set after {@code epoch} epochs (0: before
     * training), both measured in eval mode, so dropout is off and BatchNorm uses its running
     * statistics on both (the Trainer's own training metrics average over the epoch's batches in
     * training mode instead).
     */
    record Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) {}

    private Classifiers() {}

    /** Trains {@code model} for {@code epochs} epochs of shuffled batches (shuffle seeded by {@code seed}). */
    static List<Epoch> fit(Module model, Loss loss, Optimizer optimizer, TensorDataset train, TensorDataset test, int epochs, int batchSize,
            long seed) {
        try (DataLoader<Batch> trainLoader = DataLoader.of(train, LoaderOptions.of(batchSize).withShuffle(seed).withPrefetch(0));
             DataLoader<Batch> trainEval = DataLoader.of(train, LoaderOptions.of(EVAL_BATCH).withPrefetch(0));
             DataLoader<Batch> testEval = DataLoader.of(test, LoaderOptions.of(EVAL_BATCH).withPrefetch(0))) {
            List<Epoch> curve = new ArrayList<>(List.of(measure(0, model, loss, trainEval, testEval)));
            Trainer trainer = new Trainer(model, loss, optimizer, () -> new ClassificationMetrics(CLASSES, 1), TrainerOptions.epochs(epochs));
            trainer.addListener(new TrainingListener() {
                @Override
                public void onEpochEnd(EpochResult result) {
                    curve.add(measure(result.epoch(), model, loss, trainEval, testEval));
                }
            });
            trainer.fit(trainLoader, null);
            return curve;
        }
    }

    private static Epoch measure(int epoch, Module model, Loss loss, DataLoader<Batch> train, DataLoader<Batch> test) {
        Map<String, Double> onTrain = Trainer.evaluate(model, loss, train, new ClassificationMetrics(CLASSES, 1)).compute();
        Map<String, Double> onTest = Trainer.evaluate(model, loss, test, new ClassificationMetrics(CLASSES, 1)).compute();
        return new Epoch(epoch, onTrain.get("loss"), onTrain.get("accuracy"), onTest.get("loss"), onTest.get("accuracy"));
    }

    /** The share of {@code data} that {@code model} classifies correctly, in eval mode. */
    static double accuracy(Module model, TensorDataset data) {
        try (DataLoader<Batch> loader = DataLoader.of(data, LoaderOptions.of(EVAL_BATCH).withPrefetch(0))) {
            return Trainer.evaluate(model, new CrossEntropyLoss(), loader, new ClassificationMetrics(CLASSES, 1)).compute().get("accuracy");
        }
    }

    /** {@code count} examples of {@code data} from {@code start}, as views (batches gather straight from them). */
    static TensorDataset slice(TensorDataset data, int start, int count) {
        return new TensorDataset(data.inputs().narrow(0, start, count), data.targets().narrow(0, start, count));
    }

    /** Adds one curve of {@code values} per epoch, without markers; returns it for styling. */
    static XYSeries addCurve(XYChart chart, String name, List<Epoch> curve, ToDoubleFunction<Epoch> values) {
        double[] epochs = curve.stream().mapToDouble(Epoch::epoch).toArray();
        XYSeries series = chart.addSeries(name, epochs, curve.stream().mapToDouble(values).toArray());
        series.setMarker(SeriesMarkers.NONE);
        return series;
    }
}
