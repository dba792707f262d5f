package dev.jgrad.train;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss, accuracy, top-k accuracy and the confusion matrix of a classifier whose outputs are
 * logits (or probabilities) [N, C] and targets class indices [N].
 *
 * <pre>{@code
 * var m = new ClassificationMetrics(10, 5);
 * m.update(logits, labels, loss);
 * m.confusionMatrix()[3][5];   // how often a 3 was predicted as a 5
 * }</pre>
 */
public final class ClassificationMetrics implements EpochMetrics {
    private final int numClasses;
    private final int topK;
    private final long[][] confusion; // (true class, predicted class)
    private double lossSum;
    private long count;
    private long topKCorrect;

    /** {@code topK} of 1 (or >= numClasses) reports no top-k accuracy. */
    public ClassificationMetrics(int numClasses, int topK) {
        if (numClasses < 1) throw new IllegalArgumentException("ClassificationMetrics: numClasses must be >= 1, got " + numClasses);
        if (topK < 1) throw new IllegalArgumentException("ClassificationMetrics: topK must be >= 1, got " + topK);
        this.numClasses = numClasses;
        this.topK = topK;
        this.confusion = new long[numClasses][numClasses];
    }

    @Override
    public void update(Tensor outputs, Tensor targets, double meanLoss) {
        if (outputs.dim() != 2 || outputs.size(1) != numClasses || targets.dim() != 1 || targets.size(0) != outputs.size(0)) {
            throw new IllegalArgumentException("ClassificationMetrics: expected outputs [N, " + numClasses + "] and targets [N], got "
                    + Shape.str(outputs.shape()) + " and " + Shape.str(targets.shape()));
        }
        int n = outputs.size(0);
        float[] scores = outputs.contiguous().toFloatArray();
        long[] labels = targets.toLongArray();
        for (int i = 0; i < n; i++) {
            int label = (int) labels[i];
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("ClassificationMetrics: target " + label + " is outside [0, " + numClasses + ")");
            }
            int predicted = 0, higher = 0;
            float labelScore = scores[i * numClasses + label];
            for (int c = 0; c < numClasses; c++) {
                float s = scores[i * numClasses + c];
                if (s > scores[i * numClasses + predicted]) predicted = c;
                if (s > labelScore) higher++;
            }
            confusion[label][predicted]++;
            if (higher < topK) topKCorrect++;
        }
        lossSum += meanLoss * n;
        count += n;
    }

    @Override
    public long count() {
        return count;
    }

    public long correct() {
        long c = 0;
        for (int k = 0; k < numClasses; k++) c += confusion[k][k];
        return c;
    }

    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct() / count;
    }

    /** Rows are true classes, columns predicted classes. */
    public long[][] confusionMatrix() {
        long[][] copy = new long[numClasses][];
        for (int k = 0; k < numClasses; k++) copy[k] = confusion[k].clone();
        return copy;
    }

    /** Recall of each class (NaN for a class with no samples). */
    public double[] perClassAccuracy() {
        double[] out = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            long total = 0;
            for (long v : confusion[k]) total += v;
            out[k] = total == 0 ? Double.NaN : (double) confusion[k][k] / total;
        }
        return out;
    }

    @Override
    public Map<String, Double> compute() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", count == 0 ? Double.NaN : lossSum / count);
        out.put("accuracy", accuracy());
        if (topK > 1 && topK < numClasses) out.put("top" + topK + "_accuracy", count == 0 ? Double.NaN : (double) topKCorrect / count);
        return out;
    }

    @Override
    public Map<String, Object> stateDict() {
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : confusion) {
            List<Long> r = new ArrayList<>(numClasses);
            for (long v : row) r.add(v);
            rows.add(r);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("loss_sum", lossSum);
        s.put("count", count);
        s.put("top_k_correct", topKCorrect);
        s.put("confusion", rows);
        return s;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        lossSum = ((Number) state.get("loss_sum")).doubleValue();
        count = ((Number) state.get("count")).longValue();
        topKCorrect = ((Number) state.get("top_k_correct")).longValue();
        List<?> rows = (List<?>) state.get("confusion");
        if (rows.size() != numClasses) {
            throw new IllegalArgumentException("ClassificationMetrics: saved confusion matrix has " + rows.size() + " rows, expected " + numClasses);
        }
        for (int k = 0; k < numClasses; k++) {
            List<?> row = (List<?>) rows.get(k);
            for (int c = 0; c < numClasses; c++) confusion[k][c] = ((Number) row.get(c)).longValue();
        }
    }
}
