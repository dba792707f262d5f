package dev.jgrad.train;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loss, mean squared error and mean absolute error over all output elements of a regression model. */
public final class RegressionMetrics implements EpochMetrics {
    private double lossSum;
    private double squaredErrorSum;
    private double absoluteErrorSum;
    private long count;
    private long elements;

    @Override
    public void update(Tensor outputs, Tensor targets, double meanLoss) {
        if (outputs.numel() != targets.numel()) {
            throw new IllegalArgumentException("RegressionMetrics: outputs " + Shape.str(outputs.shape()) + " and targets "
                    + Shape.str(targets.shape()) + " have different numbers of elements");
        }
        double[] y = outputs.contiguous().toDoubleArray();
        double[] t = targets.contiguous().toDoubleArray();
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - t[i];
            squaredErrorSum += d * d;
            absoluteErrorSum += Math.abs(d);
        }
        int n = outputs.dim() == 0 ? 1 : outputs.size(0);
        lossSum += meanLoss * n;
        count += n;
        elements += y.length;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public Map<String, Double> compute() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", count == 0 ? Double.NaN : lossSum / count);
        out.put("mse", elements == 0 ? Double.NaN : squaredErrorSum / elements);
        out.put("mae", elements == 0 ? Double.NaN : absoluteErrorSum / elements);
        return out;
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("loss_sum", lossSum);
        s.put("squared_error_sum", squaredErrorSum);
        s.put("absolute_error_sum", absoluteErrorSum);
        s.put("count", count);
        s.put("elements", elements);
        return s;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        lossSum = ((Number) state.get("loss_sum")).doubleValue();
        squaredErrorSum = ((Number) state.get("squared_error_sum")).doubleValue();
        absoluteErrorSum = ((Number) state.get("absolute_error_sum")).doubleValue();
        count = ((Number) state.get("count")).longValue();
        elements = ((Number) state.get("elements")).longValue();
    }
}
