package dev.jgrad.classic;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.util.HashMap;
import java.util.Map;

/**
 * k-nearest-neighbour classification: "training" stores the examples; a query takes the majority
 * label of its k nearest stored examples under the L1 (Manhattan) or L2 (Euclidean) distance.
 * A tie in the vote goes to the tied label whose example is nearest.
 *
 * <pre>{@code
 * var knn = new KNearestNeighbors(trainImages.flatten(1), trainLabels, KNearestNeighbors.Metric.L1);
 * Tensor predicted = knn.predict(testImages.flatten(1), 5);        // (m) int64
 * Tensor nearest = knn.neighbors(testImages.flatten(1), 25);        // (m, 25), then vote(nearest, k) for each k ≤ 25
 * }</pre>
 */
public final class KNearestNeighbors {
    /** Distances between rows of {@code L1}: Σ|a − b|; {@code L2}: √Σ(a − b)². */
    public enum Metric { L1, L2 }

    /** Broadcast |a − b| in blocks of at most this many elements, to bound memory. */
    private static final long L1_BLOCK = 1 << 24;

    private final Tensor examples;   // (n, d) float32
    private final long[] labels;     // (n)
    private final Metric metric;

    /** @param examples (n, d), one row per example; @param labels (n) integer class indices */
    public KNearestNeighbors(Tensor examples, Tensor labels, Metric metric) {
        if (examples.dim() != 2 || labels.dim() != 1 || labels.size(0) != examples.size(0)) {
            throw new IllegalArgumentException("KNearestNeighbors: expected examples (n, d) and labels (n), got " + examples.describe()
                    + " and " + labels.describe());
        }
        if (examples.size(0) == 0) throw new IllegalArgumentException("KNearestNeighbors: no examples");
        this.examples = examples.to(DType.FLOAT32).contiguous();
        this.labels = labels.toLongArray();
        this.metric = metric;
    }

    public int size() {
        return labels.length;
    }

    /** Distances from each query to each example: (m, n); for L2 the squared distance, which orders the same. */
    public Tensor distances(Tensor queries) {
        if (queries.dim() != 2 || queries.size(1) != examples.size(1)) {
            throw new IllegalArgumentException("KNearestNeighbors: expected queries (m, " + examples.size(1) + "), got " + queries.describe());
        }
        try (var scope = Autograd.noGrad()) {
            Tensor q = queries.to(DType.FLOAT32).contiguous();
            return switch (metric) {
                case L2 -> q.square().sum(1, true).add(examples.square().sum(1, true).t()).sub(q.matmul(examples.t()).mul(2)).clampMin(0);
                case L1 -> {
                    int rows = (int) Math.max(1, L1_BLOCK / ((long) examples.size(0) * examples.size(1)));
                    Tensor[] blocks = q.split(rows, 0).stream()
                            .map(b -> b.unsqueeze(1).sub(examples.unsqueeze(0)).abs().sum(2, false))
                            .toArray(Tensor[]::new);
                    yield Tensors.cat(0, blocks);
                }
            };
        }
    }

    /** Indices of the k nearest examples of each query, nearest first: (m, k) int64. */
    public Tensor neighbors(Tensor queries, int k) {
        if (k < 1 || k > size()) throw new IllegalArgumentException("KNearestNeighbors: k must be in [1, " + size() + "], got " + k);
        return distances(queries).topk(k, 1, false).indices();
    }

    /** The majority label among the first k of each row of {@code neighbors} (from {@link #neighbors}): (m) int64. */
    public Tensor vote(Tensor neighbors, int k) {
        if (neighbors.dim() != 2 || k < 1 || k > neighbors.size(1)) {
            throw new IllegalArgumentException("KNearestNeighbors.vote: need k in [1, " + neighbors.size(1) + "] and neighbours (m, k), got k "
                    + k + " and " + neighbors.describe());
        }
        int m = neighbors.size(0), width = neighbors.size(1);
        long[] nearest = neighbors.contiguous().toLongArray(), out = new long[m];
        for (int i = 0; i < m; i++) {
            Map<Long, Integer> counts = new HashMap<>();
            for (int j = 0; j < k; j++) counts.merge(labels[(int) nearest[i * width + j]], 1, Integer::sum);
            int most = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            long best = -1;
            for (int j = 0; j < k && best < 0; j++) {   // the nearest example whose label has the most votes
                long label = labels[(int) nearest[i * width + j]];
                if (counts.get(label) == most) best = label;
            }
            out[i] = best;
        }
        return Tensors.fromArray(out, m);
    }

    /** Predicted labels of the queries (m, d): (m) int64. */
    public Tensor predict(Tensor queries, int k) {
        return vote(neighbors(queries, k), k);
    }
}
