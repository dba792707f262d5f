package dev.jgrad.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.classic.KNearestNeighbors.Metric;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

class KNearestNeighborsTest {
    // A = (2, 2) is nearer in L2 (2.83 < 3.5), B = (3.5, 0) in L1 (3.5 < 4)
    private static final Tensor POINTS = Tensors.tensor(new double[][] {{2, 2}, {3.5, 0}, {10, 10}});
    private static final Tensor LABELS = Tensors.fromArray(new long[] {0, 1, 2}, 3);
    private static final Tensor ORIGIN = Tensors.tensor(new double[][] {{0, 0}});

    @Test
    void distancesAreL1AndSquaredL2() {
        Tensor l1 = new KNearestNeighbors(POINTS, LABELS, Metric.L1).distances(ORIGIN);
        Tensor l2 = new KNearestNeighbors(POINTS, LABELS, Metric.L2).distances(ORIGIN);
        assertThat(l1.toDoubleArray()).containsExactly(new double[] {4, 3.5, 20}, within(1e-6));
        assertThat(l2.toDoubleArray()).containsExactly(new double[] {8, 12.25, 200}, within(1e-4));
    }

    @Test
    void theMetricDecidesTheNearestNeighbour() {
        assertThat(new KNearestNeighbors(POINTS, LABELS, Metric.L1).predict(ORIGIN, 1).toLongArray()).containsExactly(1);
        assertThat(new KNearestNeighbors(POINTS, LABELS, Metric.L2).predict(ORIGIN, 1).toLongArray()).containsExactly(0);
    }

    @Test
    void majorityWinsAndATieGoesToTheNearestLabel() {
        // on a line: labels by distance from 0 are 7, 5, 5, 7, 9
        Tensor line = Tensors.tensor(new double[][] {{1}, {2}, {3}, {4}, {5}});
        KNearestNeighbors knn = new KNearestNeighbors(line, Tensors.fromArray(new long[] {7, 5, 5, 7, 9}, 5), Metric.L2);
        Tensor zero = Tensors.tensor(new double[][] {{0}});
        assertThat(knn.neighbors(zero, 5).toLongArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(knn.predict(zero, 1).toLongArray()).containsExactly(7);
        assertThat(knn.predict(zero, 2).toLongArray()).containsExactly(7);   // 7 and 5 tie: 7 is nearer
        assertThat(knn.predict(zero, 3).toLongArray()).containsExactly(5);
        assertThat(knn.predict(zero, 4).toLongArray()).containsExactly(7);   // 2 against 2: 7 is nearer
    }

    @Test
    void l1InBlocksEqualsL1AtOnce() {
        Tensor train = Tensors.randn(new int[] {300, 50}, new Generator(1));
        Tensor queries = Tensors.randn(new int[] {7, 50}, new Generator(2));
        Tensor d = new KNearestNeighbors(train, Tensors.zeros(new int[] {300}, DType.INT64), Metric.L1).distances(queries);
        Tensor direct = queries.unsqueeze(1).sub(train.unsqueeze(0)).abs().sum(2, false);
        assertThat(d.allclose(direct, 1e-6, 1e-5)).isTrue();
    }

    @Test
    void badShapesAndKAreNamed() {
        KNearestNeighbors knn = new KNearestNeighbors(POINTS, LABELS, Metric.L2);
        assertThatThrownBy(() -> knn.predict(ORIGIN, 4)).hasMessage("KNearestNeighbors: k must be in [1, 3], got 4");
        assertThatThrownBy(() -> knn.distances(Tensors.zeros(1, 3))).hasMessageContaining("expected queries (m, 2), got [float32 [1, 3]]");
        assertThatThrownBy(() -> new KNearestNeighbors(POINTS, Tensors.zeros(2), Metric.L1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected examples (n, d) and labels (n)");
    }
}
