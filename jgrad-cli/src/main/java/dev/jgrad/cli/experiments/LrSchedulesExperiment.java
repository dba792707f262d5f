package dev.jgrad.cli.experiments;

import dev.jgrad.cli.Plots;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.lr.ChainedScheduler;
import dev.jgrad.optim.lr.ConstantLR;
import dev.jgrad.optim.lr.CosineAnnealingLR;
import dev.jgrad.optim.lr.CosineAnnealingWarmRestarts;
import dev.jgrad.optim.lr.ExponentialLR;
import dev.jgrad.optim.lr.InverseSqrtLR;
import dev.jgrad.optim.lr.LambdaLR;
import dev.jgrad.optim.lr.LinearLR;
import dev.jgrad.optim.lr.MultiStepLR;
import dev.jgrad.optim.lr.MultiplicativeLR;
import dev.jgrad.optim.lr.OneCycleLR;
import dev.jgrad.optim.lr.PolynomialLR;
import dev.jgrad.optim.lr.ReduceLROnPlateau;
import dev.jgrad.optim.lr.Scheduler;
import dev.jgrad.optim.lr.StepLR;
import dev.jgrad.optim.lr.Warmup;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning rate per epoch of every schedule in {@code dev.jgrad.optim.lr}, each driving its own
 * SGD with base rate 0.1 over 100 epochs, grouped into step-wise, smooth and cyclic/warm-up panels.
 * ReduceLROnPlateau watches a made-up validation loss that stops improving at epoch 30.
 */
final class LrSchedulesExperiment extends Experiment {
    static final double BASE_LR = 0.1;
    static final int EPOCHS = 100;

    /** {@code create} attaches the schedule to an optimiser and returns what to call after each epoch. */
    private record Schedule(String name, String family, Function<Optimizer, IntConsumer> create) {}

    private static final List<Schedule> SCHEDULES = List.of(
            new Schedule("StepLR(20, 0.5)", "step-wise", o -> stepping(new StepLR(o, 20, 0.5))),
            new Schedule("MultiStepLR([30, 60, 90], 0.1)", "step-wise", o -> stepping(new MultiStepLR(o, new int[] {30, 60, 90}, 0.1))),
            new Schedule("ConstantLR(1/3, 20)", "step-wise", o -> stepping(new ConstantLR(o, 1.0 / 3, 20))),
            new Schedule("ReduceLROnPlateau(0.5, patience 10)", "step-wise", o -> {
                ReduceLROnPlateau plateau = ReduceLROnPlateau.builder(o).factor(0.5).patience(10).build();
                return epoch -> plateau.step(1.0 / (1 + Math.min(epoch, 30)));
            }),
            new Schedule("ExponentialLR(0.95)", "smooth", o -> stepping(new ExponentialLR(o, 0.95))),
            new Schedule("CosineAnnealingLR(100)", "smooth", o -> stepping(new CosineAnnealingLR(o, EPOCHS))),
            new Schedule("LinearLR(1 → 0.01, 100)", "smooth", o -> stepping(new LinearLR(o, 1, 0.01, EPOCHS))),
            new Schedule("PolynomialLR(100, 2)", "smooth", o -> stepping(new PolynomialLR(o, EPOCHS, 2))),
            new Schedule("InverseSqrtLR(10)", "smooth", o -> stepping(new InverseSqrtLR(o, 10))),
            new Schedule("MultiplicativeLR(0.97)", "smooth", o -> stepping(new MultiplicativeLR(o, epoch -> 0.97))),
            new Schedule("LambdaLR(1/(1 + epoch/10))", "smooth", o -> stepping(new LambdaLR(o, epoch -> 1 / (1 + epoch / 10.0)))),
            new Schedule("CosineAnnealingWarmRestarts(10, 2)", "cyclic and warm-up",
                    o -> stepping(new CosineAnnealingWarmRestarts(o, 10, 2, 0))),
            new Schedule("OneCycleLR(max 0.1)", "cyclic and warm-up", o -> stepping(OneCycleLR.builder(o, BASE_LR, EPOCHS).build())),
            new Schedule("warm-up 10 + cosine", "cyclic and warm-up",
                    o -> stepping(Warmup.linear(o, 10, new CosineAnnealingLR(o, EPOCHS - 10)))),
            new Schedule("Chained(ConstantLR(0.1, 5), ExponentialLR(0.97))", "cyclic and warm-up",
                    o -> stepping(new ChainedScheduler(List.of(new ConstantLR(o, 0.1, 5), new ExponentialLR(o, 0.97))))));

    private static IntConsumer stepping(Scheduler scheduler) {
        return epoch -> scheduler.step();
    }

    LrSchedulesExperiment() {
        super("lr-schedules",
                "the learning-rate curve of every schedule (step, multi-step, cosine, warm restarts, one-cycle, warm-up, plateau...)");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        Table table = new Table("schedule", "epoch", "lr");
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<String, XYChart> panels = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-50s %9s %9s %9s %9s %9s%n", "lr at epoch", 0, 25, 50, 75, 99));
        for (Schedule s : SCHEDULES) {
            double[] lrs = curve(s);
            double[] epochs = new double[EPOCHS];
            for (int e = 0; e < EPOCHS; e++) {
                epochs[e] = e;
                table.row(s.name(), e, lrs[e]);
                numbers.put(s.name() + "@" + e, lrs[e]);
            }
            panels.computeIfAbsent(s.family(), LrSchedulesExperiment::panel).addSeries(s.name(), epochs, lrs).setMarker(SeriesMarkers.NONE);
            text.append(String.format(Locale.ROOT, "%-50s %9.3g %9.3g %9.3g %9.3g %9.3g%n", s.name(), lrs[0], lrs[25], lrs[50], lrs[75],
                    lrs[EPOCHS - 1]));
        }
        Path csv = dir.resolve("lr-schedules.csv"), png = dir.resolve("lr-schedules.png");
        table.write(csv);
        Figures.panels(png, new ArrayList<>(panels.values()), 3);
        return new Outcome(text.toString(), numbers, List.of(png, csv));
    }

    /** Legend below the plot: the curves fill the plot area. Step-wise rates are ten-fold apart, so on a log axis. */
    private static XYChart panel(String family) {
        XYChart chart = Plots.chart(family + " schedules", "epoch", "learning rate", Figures.PANEL_WIDTH, 560);
        chart.getStyler().setYAxisLogarithmic(family.equals("step-wise"));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        return chart;
    }

    /** The rate each epoch trains with: read before the schedule steps at the epoch's end. */
    private static double[] curve(Schedule s) {
        Optimizer opt = new SGD(List.of(Tensors.zeros(1).requiresGrad_(true)), BASE_LR);
        IntConsumer endOfEpoch = s.create().apply(opt);
        double[] lrs = new double[EPOCHS];
        for (int e = 0; e < EPOCHS; e++) {
            lrs[e] = opt.paramGroups().getFirst().lr();
            endOfEpoch.accept(e);
        }
        return lrs;
    }
}
