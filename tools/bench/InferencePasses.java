import dev.jgrad.autograd.Autograd;
import dev.jgrad.cli.bench.Workload;
import dev.jgrad.nn.Module;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

/**
 * Times many inference passes of one workload's model in one JVM, as {@code jgrad bench} times its
 * three (10,000 random images in batches of 1,000, eval mode, no grad, argmax), and prints every
 * pass in ms with the minimum, the median and how many took over 1.6 times the minimum: whether a
 * slow bench figure is one slow pass or a slow spell.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
 *      -cp "jgrad-cli/target/lib/*:jgrad-cli/target/jgrad-cli.jar" tools/bench/InferencePasses.java mlp 300
 * </pre>
 */
public class InferencePasses {
    public static void main(String[] args) {
        Workload w = Workload.parse(args[0]);
        int passes = Integer.parseInt(args[1]);
        Module model = w.model(0);
        model.eval();
        Tensor x = args[0].equals("mlp") ? Tensors.randn(10000, 784) : Tensors.randn(10000, 1, 28, 28);
        double[] ms = new double[passes];
        long sink = 0;
        try (var noGrad = Autograd.noGrad()) {
            for (int p = 0; p < passes; p++) {
                long start = System.nanoTime();
                for (int i = 0; i < 10000; i += 1000) sink += (long) model.call(x.narrow(0, i, 1000)).argmax(1, false).sum().item();
                ms[p] = (System.nanoTime() - start) / 1e6;
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        long slow = Arrays.stream(ms).filter(t -> t > 1.6 * sorted[0]).count();
        StringBuilder all = new StringBuilder();
        for (double t : ms) all.append(Math.round(t)).append(' ');
        System.out.println(all.toString().trim());
        System.out.printf("min %.1f ms, median %.1f ms, %d of %d passes over 1.6x the minimum (checksum %d)%n",
                sorted[0], sorted[passes / 2], slow, passes, sink);
    }
}
