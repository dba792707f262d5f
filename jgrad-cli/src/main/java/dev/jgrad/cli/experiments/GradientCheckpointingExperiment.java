package dev.jgrad.cli.experiments;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Checkpoint;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
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
import org.knowm.xchart.style.Styler;

/**
 * Gradient checkpointing on a deep stack of Linear+Tanh blocks: the plain graph keeps every
 * block's saved tensors until backward; checkpointing segments of s blocks keeps only each
 * segment's input and recomputes the segment during backward. Measures the saved-tensor bytes
 * between forward and backward ({@link Autograd#savedTensorBytes}), the peak estimate (those plus
 * one recomputed segment's graph), the time of a forward+backward, and checks that every
 * gradient is bit-identical to the plain one.
 *
 * <p>The input requires a gradient, as checkpointing needs: a segment whose inputs need no
 * gradient would not be differentiated at all (as with PyTorch's reentrant checkpoint). Linear
 * saves its weight for backward, so the plain count includes the weights once.
 */
final class GradientCheckpointingExperiment extends Experiment {
    private record Config(int blocks, int width, int batch) {}

    GradientCheckpointingExperiment() {
        super("gradient-checkpointing",
                "saved-tensor memory of a deep MLP with and without checkpointing, and identical gradients");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        Config c = quick ? new Config(8, 64, 32) : new Config(16, 512, 256);
        Generator gen = new Generator(seed);
        Sequential net = new Sequential();
        for (int b = 0; b < c.blocks(); b++) {
            net.add(new Linear(c.width(), c.width(), true, gen));
            net.add(new Tanh());
        }
        Tensor x = Tensors.randn(new int[] {c.batch(), c.width()}, gen);

        measure(net, x, 1);   // warm-up, so that the first timing is not the JIT's
        Measure plain = measure(net, x, 0);
        Table table = new Table("segment_blocks", "segments", "saved_bytes", "peak_estimate_bytes", "seconds", "max_grad_difference");
        table.row(0, 0, plain.saved(), plain.peak(), plain.seconds(), 0.0);
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("plain.saved_bytes", (double) plain.saved());
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%d blocks of Linear(%d, %d)+Tanh, batch %d%nwithout checkpointing: %.2f MB saved for backward, %.3f s forward+backward%n",
                c.blocks(), c.width(), c.width(), c.batch(), mb(plain.saved()), plain.seconds()));
        List<Double> lengths = new ArrayList<>(), saved = new ArrayList<>(), peaks = new ArrayList<>(), seconds = new ArrayList<>();
        double worstDifference = 0;
        for (int s = 1; s <= c.blocks(); s *= 2) {
            Measure m = measure(net, x, s);
            double difference = maxDifference(plain.grads(), m.grads());
            worstDifference = Math.max(worstDifference, difference);
            table.row(s, c.blocks() / s, m.saved(), m.peak(), m.seconds(), difference);
            numbers.put("segment" + s + ".saved_bytes", (double) m.saved());
            numbers.put("segment" + s + ".peak_bytes", (double) m.peak());
            lengths.add((double) s);
            saved.add(mb(m.saved()));
            peaks.add(mb(m.peak()));
            seconds.add(m.seconds());
            text.append(String.format(Locale.ROOT, "segments of %2d blocks: %.2f MB saved, peak about %.2f MB, %.3f s, max |grad difference| %.1g%n",
                    s, mb(m.saved()), mb(m.peak()), m.seconds(), difference));
        }
        numbers.put("max_grad_difference", worstDifference);
        Path csv = dir.resolve("gradient-checkpointing.csv"), png = dir.resolve("gradient-checkpointing.png");
        table.write(csv);
        XYChart memory = Figures.panel("memory for backward", "blocks per checkpointed segment", "MB");
        memory.addSeries("saved between forward and backward", lengths, saved);
        memory.addSeries("peak (saved + one recomputed segment)", lengths, peaks);
        memory.addSeries("no checkpointing", List.of(lengths.getFirst(), lengths.getLast()), List.of(mb(plain.saved()), mb(plain.saved())));
        memory.getStyler().setXAxisLogarithmic(true);
        XYChart time = Figures.panel("time", "blocks per checkpointed segment", "seconds, forward + backward");
        time.addSeries("checkpointed", lengths, seconds);
        time.addSeries("no checkpointing", List.of(lengths.getFirst(), lengths.getLast()), List.of(plain.seconds(), plain.seconds()));
        time.getStyler().setXAxisLogarithmic(true).setYAxisMin(0.0);
        for (XYChart chart : List.of(memory, time)) chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        Figures.panels(png, List.of(memory, time), 2);
        text.append(String.format(Locale.ROOT, "Checkpointing every block keeps %.1fx less; gradients are %s.",
                (double) plain.saved() / numbers.get("segment1.saved_bytes"), worstDifference == 0 ? "bit-identical" : "NOT identical"));
        return new Outcome(text.toString(), numbers, List.of(png, csv));
    }

    private record Measure(long saved, long peak, double seconds, List<Tensor> grads) {}

    /** One forward+backward with segments of {@code segment} blocks (0: no checkpointing); the gradients of x and every parameter. */
    private static Measure measure(Sequential net, Tensor input, int segment) {
        net.zeroGrad();
        Tensor x = input.detach().requiresGrad_(true);
        long start = System.nanoTime();
        Tensor h = x;
        long segmentGraph = 0;
        if (segment == 0) {
            h = net.call(x);
        } else {
            for (int from = 0; from < net.size(); from += 2 * segment) {
                int first = from, last = Math.min(from + 2 * segment, net.size());
                h = Checkpoint.checkpoint(in -> run(net, first, last, in[0]), h);
            }
            Tensor probe = h.detach().requiresGrad_(true);
            segmentGraph = Autograd.savedTensorBytes(run(net, 0, 2 * segment, probe));
        }
        Tensor loss = h.square().mean();
        long saved = Autograd.savedTensorBytes(loss);
        loss.backward();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Tensor> grads = new ArrayList<>();
        grads.add(x.grad());
        for (Tensor p : net.parameters()) grads.add(p.grad().clone());
        return new Measure(saved, saved + segmentGraph, seconds, grads);
    }

    private static Tensor run(Sequential net, int from, int to, Tensor x) {
        for (int i = from; i < to; i++) x = net.get(i).call(x);
        return x;
    }

    private static double maxDifference(List<Tensor> a, List<Tensor> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) max = Math.max(max, a.get(i).sub(b.get(i)).abs().max().item());
        return max;
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }
}
