package dev.jgrad.bench;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.models.Models;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The mlp benchmark workload (Flatten, Linear 784-256, ReLU, Linear 256-10) without its optimiser:
 * one training step's forward, cross-entropy and backward at batch 64, and the inference pass at
 * batch 1000 (eval mode, no grad, argmax), so the per-op cost of small dense models shows apart
 * from the Adam update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The serial collector, as the jgrad launcher runs it: under G1 the results' allocations cost more.
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class MlpBench {
    Module model;
    CrossEntropyLoss loss = new CrossEntropyLoss();
    Tensor trainX, trainY, testX;

    @Setup
    public void setUp() {
        Generator gen = new Generator(1);
        model = Models.create("mlp", 1, 28, 10, gen);
        trainX = Tensors.rand(new int[] {64, 1, 28, 28}, gen);
        trainY = Tensors.randint(0, 10, new int[] {64}, gen).to(DType.INT64);
        testX = Tensors.rand(new int[] {1000, 1, 28, 28}, gen);
    }

    @Benchmark
    public Tensor forwardBackward() {
        model.zeroGrad();
        Tensor l = loss.call(model.call(trainX), trainY);
        l.backward();
        return l;
    }

    @Benchmark
    public Tensor inference() {
        model.eval();
        try (var noGrad = Autograd.noGrad()) {
            return model.call(testX).argmax(1, false);
        }
    }
}
