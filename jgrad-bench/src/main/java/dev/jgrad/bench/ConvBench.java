package dev.jgrad.bench;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.nn.functional.Convolution;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * conv2d forward, and forward + both backward passes, on the benchmark workloads' shapes
 * ("N:Cin:H:W:Cout:k:pad", colons so that JMH's {@code -p shape=...}, which splits at commas, can
 * pick one): LeNet's two convolutions at batch 64, the cnn's 32- and 64-channel ones
 * at batch 128 (the first is the peer's 1.85 GFLOP reference shape).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The serial collector, as the jgrad launcher runs it: under G1 the results' allocations cost more.
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class ConvBench {
    @Param({"128:32:28:28:32:3:1", "128:64:14:14:64:3:1", "64:1:28:28:6:5:2", "64:6:14:14:16:5:0"})
    String shape;

    Tensor x, w, b, gradOut;
    int[] padding;

    @Setup
    public void setUp() {
        int[] s = java.util.Arrays.stream(shape.split(":")).mapToInt(Integer::parseInt).toArray();
        Generator gen = new Generator(1);
        x = Tensors.randn(new int[] {s[0], s[1], s[2], s[3]}, gen).requiresGrad_(true);
        w = Tensors.randn(new int[] {s[4], s[1], s[5], s[5]}, gen).requiresGrad_(true);
        b = Tensors.randn(new int[] {s[4]}, gen).requiresGrad_(true);
        padding = new int[] {s[6], s[6]};
        try (var noGrad = Autograd.noGrad()) {
            gradOut = Tensors.onesLike(forward());
        }
    }

    private Tensor forward() {
        return Convolution.conv2d(x, w, b, null, padding, null, 1);
    }

    @Benchmark
    public Tensor forwardOnly() {
        try (var noGrad = Autograd.noGrad()) {
            return forward();
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.setGrad(null);
        w.setGrad(null);
        b.setGrad(null);
        forward().backward(gradOut);
        return w.grad();
    }
}
