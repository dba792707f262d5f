package dev.jgrad.bench;

import dev.jgrad.autograd.Autograd;
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

/** Float32 elementwise ops without autograd, at an activation's size (the cnn's first ReLU: 128·32·28·28). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The serial collector, as the jgrad launcher runs it: under G1 the results' allocations cost more.
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class ElementwiseBench {
    @Param({"3211264"})
    int size;

    Tensor a, b;

    @Setup
    public void setUp() {
        Generator gen = new Generator(1);
        a = Tensors.randn(new int[] {size}, gen);
        b = Tensors.randn(new int[] {size}, gen);
    }

    @Benchmark
    public Tensor relu() {
        try (var noGrad = Autograd.noGrad()) {
            return a.relu();
        }
    }

    @Benchmark
    public Tensor add() {
        try (var noGrad = Autograd.noGrad()) {
            return a.add(b);
        }
    }

    @Benchmark
    public Tensor mul() {
        try (var noGrad = Autograd.noGrad()) {
            return a.mul(b);
        }
    }
}
