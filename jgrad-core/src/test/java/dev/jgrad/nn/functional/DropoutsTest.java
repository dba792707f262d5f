package dev.jgrad.nn.functional;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DropoutsTest {
    @Test
    void dropoutZeroesAboutPAndScalesSurvivorsInTraining() {
        Tensor x = Tensors.ones(200, 100);
        double[] y = F.dropout(x, 0.3, true, new Generator(0)).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            if (v == 0) zeros++;
            else assertThat(v).isCloseTo(1 / 0.7, within(1e-6));
        }
        assertThat(zeros / 20000.0).isCloseTo(0.3, within(0.02));
    }

    @Test
    void dropoutIsTheIdentityInEvaluationAndForPZero() {
        Tensor x = Tensors.randn(new int[] {3, 4}, new Generator(1));
        assertThat(F.dropout(x, 0.5, false, new Generator(0))).isSameAs(x);
        assertThat(F.dropout(x, 0.0, true, new Generator(0))).isSameAs(x);
        assertThat(F.dropout(x, 1.0, true, new Generator(0)).abs().sum().item()).isZero();
        assertThatThrownBy(() -> F.dropout(x, 1.5, true, new Generator(0))).hasMessageContaining("between 0 and 1, but got 1.5");
    }

    @Test
    void dropoutGradientIsTheSameMask() {
        Tensor x = Tensors.ones(50, 20).requiresGrad_(true);
        Tensor y = F.dropout(x, 0.5, true, new Generator(3));
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).isEqualTo(y.detach().toDoubleArray());
    }

    /** A fresh generator with the same seed per call: the mask is fixed while gradcheck perturbs x. */
    @Test
    void everyDropoutPassesGradcheckInTrainingAndEvaluation() {
        Tensor x = Tensors.randn(new int[] {2, 3, 2, 2}, new Generator(6)).to(DType.FLOAT64).requiresGrad_(true);
        for (boolean training : new boolean[] {true, false}) {
            GradCheck.gradcheck(in -> Dropouts.dropout(in[0], 0.4, training, new Generator(1)), x);
            GradCheck.gradcheck(in -> Dropouts.dropout2d(in[0], 0.4, training, new Generator(2)), x);
            GradCheck.gradcheck(in -> Dropouts.alphaDropout(in[0], 0.4, training, new Generator(3)), x);
        }
    }

    @Test
    void dropout2dDropsWholeChannels() {
        Tensor y = Dropouts.dropout2d(Tensors.ones(8, 16, 3, 3), 0.5, true, new Generator(2));
        Tensor perChannel = y.amax(new int[] {2, 3}, false), minPerChannel = y.amin(new int[] {2, 3}, false);
        assertThat(perChannel.toDoubleArray()).isEqualTo(minPerChannel.toDoubleArray());
        assertThat(perChannel.toDoubleArray()).containsOnly(0.0, 2.0);
        assertThatThrownBy(() -> Dropouts.dropout2d(Tensors.ones(2, 3), 0.5, true, new Generator(0))).hasMessageContaining("(N, C, H, W)");
    }

    @Test
    void alphaDropoutKeepsZeroMeanAndUnitVariance() {
        Tensor x = Tensors.randn(new int[] {400, 250}, new Generator(4));
        Tensor y = Dropouts.alphaDropout(x, 0.2, true, new Generator(5));
        assertThat(y.mean().item()).isCloseTo(0, within(0.02));
        assertThat(y.std().item()).isCloseTo(1, within(0.02));
        assertThat(Dropouts.alphaDropout(x, 0.2, false, new Generator(5))).isSameAs(x);
    }
}
