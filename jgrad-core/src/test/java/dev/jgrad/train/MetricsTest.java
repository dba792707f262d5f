package dev.jgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static Tensor labels(long... values) {
        return Tensors.fromArray(values, values.length);
    }

    @Test
    void classificationCountsAccuracyTopKAndConfusion() {
        var m = new ClassificationMetrics(3, 2);
        Tensor logits = Tensors.tensor(new double[][] {{3, 1, 0}, {0, 2, 1}, {0, 2, 1}, {1, 0, 2}}).to(dev.jgrad.tensor.DType.FLOAT32);
        m.update(logits, labels(0, 1, 2, 1), 0.5);
        m.update(logits.narrow(0, 0, 2), labels(2, 1), 1.0);
        // predictions: 0, 1, 1, 2, then 0, 1; true: 0, 1, 2, 1, then 2, 1
        assertThat(m.confusionMatrix()).isEqualTo(new long[][] {{1, 0, 0}, {0, 2, 1}, {1, 1, 0}});
        assertThat(m.correct()).isEqualTo(3);
        assertThat(m.count()).isEqualTo(6);
        Map<String, Double> values = m.compute();
        assertThat(values.get("accuracy")).isEqualTo(0.5);
        assertThat(values.get("loss")).isCloseTo((0.5 * 4 + 1.0 * 2) / 6, within(1e-15));
        // top-2: label 2 in row 3 (2nd best), label 1 in row 4 (3rd: miss), label 2 in row 1 (3rd: miss)
        assertThat(values.get("top2_accuracy")).isEqualTo(4.0 / 6);
        assertThat(m.perClassAccuracy()).containsExactly(1.0, 2.0 / 3, 0.0);

        var restored = new ClassificationMetrics(3, 2);
        restored.loadStateDict(m.stateDict());
        assertThat(restored.compute()).isEqualTo(values);
        assertThatThrownBy(() -> m.update(logits, labels(0, 1, 5, 1), 0)).hasMessageContaining("target 5 is outside [0, 3)");
        assertThatThrownBy(() -> m.update(logits, labels(0, 1), 0)).hasMessageContaining("expected outputs [N, 3] and targets [N], got [4, 3] and [2]");
    }

    @Test
    void regressionReportsMseAndMae() {
        var m = new RegressionMetrics();
        m.update(Tensors.tensor(1, 2, 3), Tensors.tensor(1, 4, 0), 2.0);
        Map<String, Double> values = m.compute();
        assertThat(values.get("mse")).isCloseTo((0 + 4 + 9) / 3.0, within(1e-12));
        assertThat(values.get("mae")).isCloseTo(5 / 3.0, within(1e-12));
        assertThat(values.get("loss")).isEqualTo(2.0);
        var restored = new RegressionMetrics();
        restored.loadStateDict(m.stateDict());
        assertThat(restored.compute()).isEqualTo(values);
    }

    @Test
    void csvHasOneRowPerEpochWithTrainAndValidationColumns() {
        var history = List.of(new EpochResult(1, Map.of("loss", 0.5), Map.of("loss", 0.25), 0.1, 2, 50),
                new EpochResult(2, Map.of("loss", 0.3), Map.of("loss", 0.2), 0.05, 2, 50));
        assertThat(MetricsFiles.csv(history)).isEqualTo("""
                epoch,train_loss,val_loss,lr,seconds,samples_per_second
                1,0.5,0.25,0.1,2.0,50.0
                2,0.3,0.2,0.05,2.0,50.0
                """);
    }
}
