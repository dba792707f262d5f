package dev.jgrad.cli.experiments;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.cli.Plots;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.UnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lecture's weight-initialisation experiment: 16 Gaussian inputs through 6 fully-connected
 * layers of width 4096 (no biases) with tanh or ReLU, weights drawn N(0, 0.01²), N(0, 0.05²),
 * Xavier (std √(2/(fan_in + fan_out)), as {@code Init.xavierNormal_} with gain 1) or He
 * (std √(2/fan_in), as {@code Init.kaimingNormal_} for ReLU). Records each layer's activation
 * mean, std and histogram: too small a scale collapses the activations to zero, too large a one
 * saturates tanh (or blows ReLU up), Xavier keeps tanh healthy and He keeps ReLU healthy.
 *
 * <p>All eight networks share one standard-normal matrix Z per layer (each scales it by its std),
 * so the comparison isolates the scale and the run draws 6 instead of 48 large matrices.
 */
final class InitStatsExperiment extends Experiment {
    static final int LAYERS = 6;
    static final int BATCH = 16;
    static final int BINS = 40;

    private record Activation(String name, UnaryOperator<Tensor> f, double low) {}

    private record Init(String name, IntToDoubleFunction std) {}

    private static final List<Activation> ACTIVATIONS = List.of(new Activation("tanh", Tensor::tanh, -1), new Activation("relu", Tensor::relu, 0));
    private static final List<Init> INITS = List.of(
            new Init("N(0,0.01)", width -> 0.01),
            new Init("N(0,0.05)", width -> 0.05),
            new Init("Xavier", width -> Math.sqrt(2.0 / (width + width))),
            new Init("He", width -> Math.sqrt(2.0 / width)));

    InitStatsExperiment() {
        super("init-stats",
                "activation statistics of 6-layer 4096-wide tanh/ReLU nets for N(0,0.01), N(0,0.05), Xavier and He weights");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        int width = quick ? 256 : 4096;
        Generator gen = new Generator(seed);
        int nets = ACTIVATIONS.size() * INITS.size();
        float[][][] activations = new float[nets][LAYERS][];   // (net, layer) -> BATCH·width values
        try (var scope = Autograd.noGrad()) {
            Tensor x = Tensors.randn(new int[] {BATCH, width}, gen);
            Tensor[] h = new Tensor[nets];
            Arrays.fill(h, x);
            for (int layer = 0; layer < LAYERS; layer++) {
                Tensor z = Tensors.randn(new int[] {width, width}, gen);
                for (int n = 0; n < nets; n++) {
                    Activation act = ACTIVATIONS.get(n / INITS.size());
                    double std = INITS.get(n % INITS.size()).std().applyAsDouble(width);
                    h[n] = act.f().apply(h[n].matmul(z).mul(std));
                    activations[n][layer] = h[n].toFloatArray();
                }
            }
        }
        Table stats = new Table("activation", "init", "layer", "mean", "std", "saturated_fraction");
        Table histograms = new Table("activation", "init", "layer", "bin_low", "bin_high", "fraction");
        Map<String, Double> numbers = new LinkedHashMap<>();
        List<XYChart> charts = new ArrayList<>();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "6 layers of width %d, batch %d: std of each layer's activations%n",
                width, BATCH));
        for (int a = 0; a < ACTIVATIONS.size(); a++) {
            Activation act = ACTIVATIONS.get(a);
            XYChart stds = Plots.chart(act.name() + ": std per layer", "layer", "std", 420, 320);
            stds.getStyler().setYAxisLogarithmic(true);
            List<XYChart> row = new ArrayList<>();
            for (int i = 0; i < INITS.size(); i++) {
                Init init = INITS.get(i);
                float[][] layers = activations[a * INITS.size() + i];
                double[] std = new double[LAYERS], layerNumbers = new double[LAYERS];
                XYChart hist = Plots.chart(act.name() + ", " + init.name(), act.low() < 0 ? "activation" : "activation > 0 (log bins)",
                        "fraction", 420, 320);
                hist.getStyler().setXAxisLogarithmic(act.low() == 0);
                if (act.low() == 0) hist.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
                double[] edges = act.low() < 0 ? linearEdges(-1, 1) : logEdges(layers);
                for (int l = 0; l < LAYERS; l++) {
                    double[] ms = meanStd(layers[l]);
                    double saturated = fraction(layers[l], 0.99);
                    std[l] = ms[1];
                    layerNumbers[l] = l + 1;
                    stats.row(act.name(), init.name(), l + 1, ms[0], ms[1], saturated);
                    String key = act.name() + "." + init.name() + ".layer" + (l + 1);
                    numbers.put(key + ".mean", ms[0]);
                    numbers.put(key + ".std", ms[1]);
                    numbers.put(key + ".saturated", saturated);
                    double[] counts = histogram(layers[l], edges);
                    double[] centres = new double[BINS];
                    for (int b = 0; b < BINS; b++) {
                        histograms.row(act.name(), init.name(), l + 1, edges[b], edges[b + 1], counts[b]);
                        centres[b] = act.low() < 0 ? (edges[b] + edges[b + 1]) / 2 : Math.sqrt(edges[b] * edges[b + 1]);
                    }
                    hist.addSeries("layer " + (l + 1), centres, counts).setMarker(SeriesMarkers.NONE);
                }
                stds.addSeries(init.name(), layerNumbers, Arrays.stream(std).map(s -> Math.max(s, 1e-30)).toArray());
                row.add(hist);
                text.append(String.format(Locale.ROOT, "  %-4s %-9s", act.name(), init.name()));
                for (double s : std) text.append(String.format(Locale.ROOT, " %9.3g", s));
                text.append("  ").append(verdict(act, std, numbers.get(act.name() + "." + init.name() + ".layer" + LAYERS + ".saturated")))
                        .append('\n');
            }
            charts.add(stds);
            charts.addAll(row);
        }
        Path csv = dir.resolve("init-stats.csv"), histCsv = dir.resolve("init-stats-histograms.csv"), png = dir.resolve("init-stats.png");
        stats.write(csv);
        histograms.write(histCsv);
        Figures.panels(png, charts, 1 + INITS.size());
        return new Outcome(text.toString(), numbers, List.of(png, csv, histCsv));
    }

    /** From the per-layer factor of the std (its geometric mean over layers 1 to 6) and, for tanh, the saturated share. */
    private static String verdict(Activation act, double[] std, double lastSaturated) {
        double factor = Math.pow(std[LAYERS - 1] / std[0], 1.0 / (LAYERS - 1));
        String perLayer = String.format(Locale.ROOT, " (×%.2f per layer)", factor);
        if (act.low() < 0 && lastSaturated > 0.1) {
            return String.format(Locale.ROOT, "saturates: %.0f%% of the last layer at |tanh| > 0.99", 100 * lastSaturated);
        }
        if (factor < 0.8) return "shrinks towards zero" + perLayer;
        if (factor > 1.25) return "explodes" + perLayer;
        return "healthy" + perLayer;
    }

    private static double[] meanStd(float[] v) {
        double sum = 0, sq = 0;
        for (float f : v) sum += f;
        double mean = sum / v.length;
        for (float f : v) sq += (f - mean) * (f - mean);
        return new double[] {mean, Math.sqrt(sq / v.length)};
    }

    private static double fraction(float[] v, double above) {
        int n = 0;
        for (float f : v) if (Math.abs(f) > above) n++;
        return (double) n / v.length;
    }

    private static double[] linearEdges(double low, double high) {
        double[] edges = new double[BINS + 1];
        for (int b = 0; b <= BINS; b++) edges[b] = low + (high - low) * b / BINS;
        return edges;
    }

    /**
     * Log-spaced edges over the positive values of all layers (at most 8 decades below the
     * largest), so that ReLU activations that shrink or grow by orders of magnitude stay visible;
     * the zeros (about half of them) fall below the first edge and are not counted.
     */
    private static double[] logEdges(float[][] layers) {
        double min = Double.MAX_VALUE, max = 0;
        for (float[] v : layers) {
            for (float f : v) {
                if (f > 0) min = Math.min(min, f);
                max = Math.max(max, f);
            }
        }
        if (max == 0) return linearEdges(0, 1);
        double lo = Math.log10(Math.max(min, max * 1e-8)), hi = Math.log10(max);
        double[] edges = linearEdges(lo, hi);
        for (int b = 0; b <= BINS; b++) edges[b] = Math.pow(10, edges[b]);
        return edges;
    }

    /** The fraction of all values in each bin [edges[b], edges[b + 1]) (the last bin closed); values outside are not counted. */
    private static double[] histogram(float[] v, double[] edges) {
        double[] fractions = new double[BINS];
        for (float f : v) {
            int b = Arrays.binarySearch(edges, f);
            if (b < 0) b = -b - 2;
            if (b == BINS && f == edges[BINS]) b = BINS - 1;
            if (b >= 0 && b < BINS) fractions[b] += 1.0 / v.length;
        }
        return fractions;
    }
}
