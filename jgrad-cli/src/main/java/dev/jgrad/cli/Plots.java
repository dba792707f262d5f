package dev.jgrad.cli;

import dev.jgrad.io.AtomicFiles;
import dev.jgrad.train.EpochResult;
import dev.jgrad.train.StepRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The run's PNG plots (XChart): {@code loss.png} and {@code accuracy.png}, training vs held-out per
 * epoch (the generalisation gap), and {@code lr.png}, the learning rate per logged step. Its chart
 * and PNG helpers are shared with the experiments ({@code dev.jgrad.cli.experiments}).
 */
public final class Plots {
    private Plots() {}

    static void write(Path runDir, List<EpochResult> history, List<StepRecord> steps) throws IOException {
        double[] epochs = values(history, r -> r.epoch());
        for (String metric : List.of("loss", "accuracy")) {
            XYChart chart = chart(metric.equals("loss") ? "Loss" : "Accuracy", "epoch", metric);
            chart.addSeries("train", epochs, values(history, r -> r.train().getOrDefault(metric, Double.NaN)));
            if (!history.isEmpty() && history.getFirst().validation().containsKey(metric)) {
                chart.addSeries("held-out", epochs, values(history, r -> r.validation().get(metric)));
            }
            if (history.getFirst().train().containsKey(metric)) save(chart, runDir.resolve(metric + ".png"));
        }
        if (!steps.isEmpty()) {
            XYChart chart = chart("Learning rate", "step", "lr");
            chart.addSeries("lr", values(steps, s -> s.step()), values(steps, StepRecord::lr)).setMarker(SeriesMarkers.NONE);
            save(chart, runDir.resolve("lr.png"));
        }
    }

    public static XYChart chart(String title, String x, String y) {
        return chart(title, x, y, 800, 500);
    }

    /** A line chart with the legend inside, top right; headless, so it works without a display. */
    public static XYChart chart(String title, String x, String y, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    private static <T> double[] values(List<T> items, ToDoubleFunction<T> f) {
        return items.stream().mapToDouble(f).toArray();
    }

    /** Writes the chart as a PNG, atomically. */
    public static void save(XYChart chart, Path file) throws IOException {
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
