package dev.jgrad.backend.cpu;

import dev.jgrad.nn.BatchNorm;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.functional.F;
import dev.jgrad.nn.models.Models;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training step of each benchmark model (convolutions, batch norm, pooling, ReLU, linear layers,
 * cross-entropy) gives bitwise the same loss and gradients when repeated with a fixed thread count,
 * and the same to float tolerance with 1, 2 or 3 threads.
 */
class ParallelKernelsTest {
    private int savedThreads;

    @BeforeEach
    void save() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
    }

    /** The loss followed by every parameter gradient, flattened. */
    private static List<float[]> step(String model, int threads) {
        Parallel.setThreads(threads);
        Module net = Models.create(model, 1, 12, 10, new Generator(11));
        net.eval(); // no dropout noise; batch norm still normalises with batch statistics below
        for (Module m : net.modules()) if (m instanceof BatchNorm) m.train();
        Tensor x = Tensors.randn(new int[] {12, 1, 12, 12}, new Generator(3));
        Tensor y = Tensors.fromArray(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2}, 12);
        Tensor loss = F.crossEntropy(net.call(x), y);
        loss.backward();
        List<float[]> out = new ArrayList<>();
        out.add(loss.detach().reshape(1).toFloatArray());
        for (Tensor p : net.parameters()) out.add(p.grad().toFloatArray());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet", "cnn", "resnet"})
    void deterministicPerThreadCountAndCloseAcrossThreadCounts(String model) {
        List<float[]> reference = step(model, 1);
        for (int threads : new int[] {2, 3}) {
            List<float[]> first = step(model, threads), again = step(model, threads);
            for (int i = 0; i < first.size(); i++) {
                assertThat(again.get(i)).as("%s threads=%d tensor %d repeated", model, threads, i).containsExactly(first.get(i));
                float[] want = reference.get(i), got = first.get(i);
                float scale = 0;
                for (float v : want) scale = Math.max(scale, Math.abs(v));
                for (int j = 0; j < want.length; j++) {
                    assertThat(Math.abs(got[j] - want[j])).as("%s threads=%d tensor %d element %d", model, threads, i, j)
                            .isLessThanOrEqualTo(1e-4f * Math.max(scale, 1e-3f));
                }
            }
        }
    }
}
