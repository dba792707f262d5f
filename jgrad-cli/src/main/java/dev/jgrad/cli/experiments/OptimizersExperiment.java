package dev.jgrad.cli.experiments;

import dev.jgrad.optim.Adagrad;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.RMSprop;
import dev.jgrad.optim.SGD;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
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
import java.util.function.UnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * SGD, SGD with momentum, Nesterov, AdaGrad, RMSProp and Adam from the same start on a
 * badly-conditioned quadratic (condition number 50) and on Rosenbrock's banana valley, each with a
 * learning rate that suits it. Plots the loss per step and the paths
 * over the level sets.
 */
final class OptimizersExperiment extends Experiment {
    /**
     * f(x, y) = k·(x − x0)² + a·(y − h(x))². Both test functions have this form, so the level set
     * f = c is the closed curve x = x0 + √(c/k)·cos θ, y = h(x) + √(c/a)·sin θ.
     */
    private record Valley(String name, double k, double x0, double a, UnaryOperator<Tensor> h, double[] start, int steps, int quickSteps,
            double[] window, double[] lrs) {
        Tensor loss(Tensor p) {
            Tensor x = p.select(0, 0), y = p.select(0, 1);
            return x.sub(x0).square().mul(k).add(y.sub(h.apply(x)).square().mul(a));
        }

        double[][] levelSet(double c) {
            int n = 200;
            double[] theta = new double[n + 1], xs = new double[n + 1], ys = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                theta[i] = 2 * Math.PI * i / n;
                xs[i] = x0 + Math.sqrt(c / k) * Math.cos(theta[i]);
            }
            double[] hx = h.apply(Tensors.fromArray(xs, n + 1)).toDoubleArray();
            for (int i = 0; i <= n; i++) ys[i] = hx[i] + Math.sqrt(c / a) * Math.sin(theta[i]);
            return new double[][] {xs, ys};
        }
    }

    private record Method(String label, BiFunction<List<Tensor>, Double, Optimizer> create) {}

    private static final List<Method> METHODS = List.of(
            new Method("SGD", (p, lr) -> new SGD(p, lr)),
            new Method("SGD+momentum", (p, lr) -> new SGD(p, new SGD.Options().lr(lr).momentum(0.9))),
            new Method("Nesterov", (p, lr) -> new SGD(p, new SGD.Options().lr(lr).momentum(0.9).nesterov(true))),
            new Method("AdaGrad", (p, lr) -> new Adagrad(p, new Adagrad.Options().lr(lr))),
            new Method("RMSProp", (p, lr) -> new RMSprop(p, new RMSprop.Options().lr(lr).alpha(0.9))),
            new Method("Adam", (p, lr) -> new Adam(p, lr)));

    /** Learning rates in the order of {@link #METHODS}. */
    private static final Valley QUADRATIC = new Valley("quadratic", 0.5, 0, 25, x -> x.mul(0), new double[] {-8, 1.5}, 100, 50,
            new double[] {-9, 2, -2, 2}, new double[] {0.035, 0.02, 0.02, 1.0, 0.1, 0.3});
    private static final Valley ROSENBROCK = new Valley("rosenbrock", 1, 1, 100, Tensor::square, new double[] {-1.5, 2}, 1000, 200,
            new double[] {-2, 2, -1, 3}, new double[] {1e-3, 1e-3, 1e-3, 0.5, 1e-2, 0.05});

    OptimizersExperiment() {
        super("optimizers",
                "SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam on an ill-conditioned quadratic and on Rosenbrock");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        Table table = new Table("function", "optimizer", "lr", "step", "x", "y", "loss");
        Map<String, Double> numbers = new LinkedHashMap<>();
        List<XYChart> lossCharts = new ArrayList<>(), pathCharts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Valley v : List.of(QUADRATIC, ROSENBROCK)) {
            int steps = quick ? v.quickSteps() : v.steps();
            XYChart losses = Figures.panel(v.name() + ": loss per step", "step", "loss");
            losses.getStyler().setYAxisLogarithmic(true).setXAxisMin(0.0).setXAxisMax((double) steps);
            XYChart paths = pathChart(v);
            text.append(String.format(Locale.ROOT, "%s from (%s, %s), %d steps: final loss", v.name(), v.start()[0], v.start()[1], steps));
            for (int m = 0; m < METHODS.size(); m++) {
                Method method = METHODS.get(m);
                double[][] run = descend(v, method, v.lrs()[m], steps);
                for (int s = 0; s <= steps; s++) table.row(v.name(), method.label(), v.lrs()[m], s, run[0][s], run[1][s], run[2][s]);
                double[] floored = Arrays.stream(run[2]).map(l -> Math.max(l, 1e-12)).toArray();
                Color color = losses.getStyler().getSeriesColors()[m];
                losses.addSeries(method.label(), range(steps + 1), floored).setMarker(SeriesMarkers.NONE).setLineColor(color);
                paths.addSeries(method.label(), run[0], run[1]).setMarker(SeriesMarkers.NONE).setLineColor(color);
                numbers.put(v.name() + "." + method.label(), run[2][steps]);
                text.append(String.format(Locale.ROOT, " %s %.3g%s", method.label(), run[2][steps], m + 1 < METHODS.size() ? "," : "\n"));
            }
            lossCharts.add(losses);
            pathCharts.add(paths);
        }
        Path csv = dir.resolve("optimizers.csv"), png = dir.resolve("optimizers.png");
        table.write(csv);
        Figures.panels(png, List.of(lossCharts.get(0), pathCharts.get(0), lossCharts.get(1), pathCharts.get(1)), 2);
        double sgd = numbers.get("quadratic.SGD");
        text.append(String.format(Locale.ROOT, "On the quadratic, Nesterov ends %.0fx and Adam %.0fx below plain SGD: momentum and "
                + "per-coordinate scaling cross the narrow valley that SGD, held to a small step by the steep direction, creeps along.",
                sgd / numbers.get("quadratic.Nesterov"), sgd / numbers.get("quadratic.Adam")));
        return new Outcome(text.toString(), numbers, List.of(png, csv));
    }

    /** Rows x, y, loss at each step 0..steps (before each update, then the final point). */
    private static double[][] descend(Valley v, Method method, double lr, int steps) {
        Tensor p = Tensors.fromArray(v.start().clone(), 2).requiresGrad_(true);
        Optimizer opt = method.create().apply(List.of(p), lr);
        double[][] out = new double[3][steps + 1];
        for (int s = 0; s <= steps; s++) {
            opt.zeroGrad();
            Tensor loss = v.loss(p);
            out[0][s] = p.getDouble(0);
            out[1][s] = p.getDouble(1);
            out[2][s] = loss.item();
            if (s == steps) break;
            loss.backward();
            opt.step();
        }
        return out;
    }

    private static XYChart pathChart(Valley v) {
        XYChart chart = Figures.panel(v.name() + ": paths over level sets", "x", "y");
        double[] w = v.window();
        chart.getStyler().setXAxisMin(w[0]).setXAxisMax(w[1]).setYAxisMin(w[2]).setYAxisMax(w[3]);
        double top = v.loss(Tensors.fromArray(v.start().clone(), 2)).item();
        for (int j = 0; j < 8; j++) {
            double[][] curve = v.levelSet(top * Math.pow(10, -j / 2.0));
            var series = chart.addSeries("f = " + j, curve[0], curve[1]);
            series.setMarker(SeriesMarkers.NONE).setLineColor(Color.LIGHT_GRAY).setShowInLegend(false);
        }
        return chart;
    }

    private static double[] range(int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
