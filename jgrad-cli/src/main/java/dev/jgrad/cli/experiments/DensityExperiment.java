package dev.jgrad.cli.experiments;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.functional.Losses;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.nn.models.MixtureDensityHead;
import dev.jgrad.nn.models.MixtureDensityHead.Output;
import dev.jgrad.optim.Adam;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Bishop's inverse problem: t = x + 0.3 sin(2πx) + noise is a function of x, but x given t has up
 * to three values. A density network (one Gaussian: μ and σ, Gaussian NLL) can only put one wide
 * bump over the branches; a mixture density network ({@link MixtureDensityHead}, mixture NLL) puts
 * one component on each. Both have the same tanh trunk and the same training (full-batch Adam).
 */
final class DensityExperiment extends Experiment {
    static final int HIDDEN = 32;
    static final int COMPONENTS = 3;
    static final double NOISE = 0.05;
    static final double LR = 0.01;
    /** Inside (0.41, 0.59) x given t has three values; at 0.5 they are about 0.21, 0.5 and 0.79. */
    static final double PROBE = 0.5;
    /** A mixture component counts as a branch where its weight is above this. */
    static final double BRANCH_WEIGHT = 0.1;

    /**
     * A model of x given t: a network whose output layer gives a mixture (π logits, μ, log σ), and
     * its training loss; the single Gaussian is the mixture with K = 1.
     */
    private record Model(String key, String name, Module net, Function<Tensor, Output> heads, BiFunction<Output, Tensor, Tensor> nll) {
        Tensor loss(Tensor t, Tensor x) {
            return nll.apply(heads.apply(t), x);
        }
    }

    DensityExperiment() {
        super("density",
                "a density network (mu, sigma) and a mixture density network on a multi-valued 1-D inverse problem");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        int count = quick ? 300 : 1000, steps = quick ? 500 : 3000;
        Generator gen = new Generator(seed);
        Tensor[] train = inverseProblem(count, gen), test = inverseProblem(count, gen);
        List<Model> models = List.of(gaussian(gen), mixture(gen));

        Table table = new Table("model", "step", "train_nll");
        Map<String, Double> numbers = new LinkedHashMap<>();
        XYChart curves = Figures.panel("Training negative log-likelihood", "step", "NLL (nats per point)");
        curves.getStyler().setXAxisDecimalPattern("#").setXAxisTickMarkSpacingHint(120);
        List<XYChart> fits = new ArrayList<>();
        Tensor grid = Tensors.linspace(-0.1, 1.1, 241);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "x given t = x + 0.3 sin(2 pi x) + N(0, %s^2), %d points, %d full-batch Adam steps (lr %s), tanh trunk 1-%d-%d:%n",
                NOISE, count, steps, LR, HIDDEN, HIDDEN));
        for (Model m : models) {
            double[] nll = train(m, train, steps);
            for (int s = 0; s < steps; s++) table.row(m.key(), s, nll[s]);
            curves.addSeries(m.name(), range(steps), nll).setMarker(SeriesMarkers.NONE);
            double testNll;
            Output probe, onGrid;
            try (var noGrad = Autograd.noGrad()) {
                testNll = m.loss(test[0], test[1]).item();
                probe = m.heads().apply(Tensors.tensor(PROBE).to(train[0].dtype()));
                onGrid = m.heads().apply(grid.to(train[0].dtype()));
            }
            numbers.put(m.key() + ".train_nll", nll[steps - 1]);
            numbers.put(m.key() + ".test_nll", testNll);
            double[] pi = probe.piLogits().softmax(1).toDoubleArray(), mu = probe.mu().toDoubleArray();
            double[] sigma = probe.sigmaRaw().exp().toDoubleArray();
            text.append(String.format(Locale.ROOT, "  %s: test NLL %.3f; at t = %s:", m.name(), testNll, PROBE));
            int branches = 0;
            for (int k = 0; k < pi.length; k++) {
                if (pi[k] <= BRANCH_WEIGHT) continue;
                branches++;
                text.append(String.format(Locale.ROOT, " %.2f x N(%.3f, %.3f^2)", pi[k], mu[k], sigma[k]));
            }
            text.append('\n');
            numbers.put(m.key() + ".branches_at_probe", (double) branches);
            if (m.key().equals("gaussian")) {
                numbers.put("gaussian.mu_at_probe", mu[0]);
                numbers.put("gaussian.sigma_at_probe", sigma[0]);
            }
            fits.add(fitChart(m.name(), train, grid, onGrid));
        }
        Path csv = dir.resolve("density.csv"), png = dir.resolve("density.png");
        table.write(csv);
        Figures.panels(png, List.of(fits.get(0), fits.get(1), curves), 3);
        text.append(String.format(Locale.ROOT, "The single Gaussian spreads over the branches (sigma %.2f at t = %s, against noise %s); "
                + "the mixture finds %d branches there, and its test NLL is %.2f nats per point lower.",
                numbers.get("gaussian.sigma_at_probe"), PROBE, NOISE, numbers.get("mdn.branches_at_probe").intValue(),
                numbers.get("gaussian.test_nll") - numbers.get("mdn.test_nll")));
        return new Outcome(text.toString(), numbers, List.of(png, csv));
    }

    /** {t, x} for x uniform in [0, 1]: the inputs t (N) and targets x (N). */
    private static Tensor[] inverseProblem(int count, Generator gen) {
        Tensor x = Tensors.rand(new int[] {count}, gen);
        Tensor t = x.add(x.mul(2 * Math.PI).sin().mul(0.3)).add(Tensors.normal(0, NOISE, new int[] {count}, gen));
        return new Tensor[] {t, x};
    }

    private static Sequential trunk(Generator gen) {
        return new Sequential(new Linear(1, HIDDEN, true, gen), new Tanh(), new Linear(HIDDEN, HIDDEN, true, gen), new Tanh());
    }

    /** One Gaussian: the network outputs μ and log σ, trained with the Gaussian NLL on variance σ². */
    private static Model gaussian(Generator gen) {
        Sequential net = trunk(gen).add(new Linear(HIDDEN, 2, true, gen));
        Function<Tensor, Output> heads = t -> {
            Tensor out = net.call(t.reshape(-1, 1));
            return new Output(Tensors.zeros(out.size(0), 1), out.narrow(1, 0, 1), out.narrow(1, 1, 1));
        };
        return new Model("gaussian", "density network (1 Gaussian)", net, heads, (o, x) -> Losses.gaussianNllLoss(o.mu().squeeze(1), x,
                o.sigmaRaw().squeeze(1).mul(2).exp(), true, 1e-6, Reduction.MEAN));
    }

    private static Model mixture(Generator gen) {
        Sequential trunk = trunk(gen);
        MixtureDensityHead head = new MixtureDensityHead(HIDDEN, COMPONENTS, gen);
        return new Model("mdn", "mixture density network (" + COMPONENTS + " Gaussians)", new Sequential(trunk, head),
                t -> head.heads(trunk.call(t.reshape(-1, 1))), (o, x) -> Losses.mixtureDensityNll(o.piLogits(), o.mu(), o.sigmaRaw(), x));
    }

    /** Full-batch Adam; the training NLL before each step. */
    private static double[] train(Model m, Tensor[] data, int steps) {
        Adam opt = new Adam(m.net().parameters(), LR);
        double[] nll = new double[steps];
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Tensor loss = m.loss(data[0], data[1]);
            nll[s] = loss.item();
            loss.backward();
            opt.step();
        }
        return nll;
    }

    /** The data, and for each component its mean and mean ± 2σ (dashed) over the stretches of t where its weight is above {@link #BRANCH_WEIGHT}. */
    private static XYChart fitChart(String title, Tensor[] data, Tensor grid, Output o) {
        XYChart chart = Figures.panel(title, "t", "x");
        chart.getStyler().setXAxisMin(-0.1).setXAxisMax(1.1).setYAxisMin(-0.2).setYAxisMax(1.2).setMarkerSize(3)
                .setLegendPosition(Styler.LegendPosition.InsideSE);   // the corner the data leave empty
        double[] t = grid.toDoubleArray();
        double[][] pi = rows(o.piLogits().softmax(1)), mu = rows(o.mu()), sigma = rows(o.sigmaRaw().exp());
        for (int k = 0; k < mu[0].length; k++) {
            Color color = chart.getStyler().getSeriesColors()[k];
            int stretch = 0;
            for (int from = 0; from < t.length; ) {
                if (pi[from][k] <= BRANCH_WEIGHT) {
                    from++;
                    continue;
                }
                int to = from;
                while (to < t.length && pi[to][k] > BRANCH_WEIGHT) to++;
                String name = "component " + (k + 1) + (stretch++ > 0 ? " (" + stretch + ")" : "");
                double[] ts = Arrays.copyOfRange(t, from, to), mean = new double[to - from], low = new double[to - from], high = new double[to - from];
                for (int i = from; i < to; i++) {
                    mean[i - from] = mu[i][k];
                    low[i - from] = mu[i][k] - 2 * sigma[i][k];
                    high[i - from] = mu[i][k] + 2 * sigma[i][k];
                }
                line(chart, name + " mean", ts, mean, color, SeriesLines.SOLID).setShowInLegend(stretch == 1);
                line(chart, name + " - 2 sigma", ts, low, color, SeriesLines.DASH_DASH).setShowInLegend(false);
                line(chart, name + " + 2 sigma", ts, high, color, SeriesLines.DASH_DASH).setShowInLegend(false);
                from = to;
            }
        }
        XYSeries points = chart.addSeries("data", data[0].toDoubleArray(), data[1].toDoubleArray());
        points.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Color.GRAY).setLineStyle(SeriesLines.NONE);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] xs, double[] ys, Color color, BasicStroke style) {
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(style);
        return series;
    }

    private static double[][] rows(Tensor t) {
        double[] flat = t.contiguous().toDoubleArray();
        int n = t.size(0), k = t.size(1);
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * k, out[i], 0, k);
        return out;
    }

    private static double[] range(int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
