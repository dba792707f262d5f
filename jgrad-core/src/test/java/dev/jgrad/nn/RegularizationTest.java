package dev.jgrad.nn;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RegularizationTest {
    @Test
    void penaltiesSumOverAllParameters() {
        List<Tensor> params = List.of(Tensors.tensor(1, -2), Tensors.tensor(new double[][] {{3}}));
        assertThat(Regularization.l1(params).item()).isEqualTo(6);
        assertThat(Regularization.l2(params).item()).isEqualTo(14);
        assertThat(Regularization.elasticNet(params, 0.25, 2).item()).isCloseTo(2 * (0.25 * 6 + 0.5 * 0.75 * 14), within(1e-9));
    }

    @Test
    void penaltiesAreDifferentiable() {
        Tensor a = Tensors.tensor(0.5, -1.5).to(DType.FLOAT64).requiresGrad_(true);
        Tensor b = Tensors.tensor(2.0).to(DType.FLOAT64).requiresGrad_(true);
        GradCheck.gradcheck(in -> Regularization.elasticNet(List.of(in[0], in[1]), 0.3, 0.1), a, b);
        var fc = new Linear(3, 2);
        Regularization.l2(fc.parameters()).backward();
        assertThat(fc.weight.grad().allclose(fc.weight.data().mul(2.0))).isTrue();
    }

    @Test
    void maxNormRescalesOnlyTheRowsAboveTheLimit() {
        var fc = new Linear(2, 2);
        Tensor w = fc.weight.data();
        try (var s = dev.jgrad.autograd.Autograd.noGrad()) {
            w.copy_(Tensors.tensor(new double[][] {{3, 4}, {0.3, 0.4}}));
        }
        Regularization.maxNorm_(w, 1.0, 0);
        assertThat(w.toDoubleArray()).containsExactly(new double[] {0.6, 0.8, 0.3, 0.4}, within(1e-6));
        assertThat(w.requiresGrad()).isTrue();
        assertThat(w.isLeaf()).isTrue();
    }
}
