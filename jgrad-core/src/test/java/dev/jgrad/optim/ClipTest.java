package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClipTest {
    private static Tensor withGrad(double... g) {
        Tensor p = Tensors.zeros(new int[] {g.length}, dev.jgrad.tensor.DType.FLOAT64).requiresGrad_(true);
        p.setGrad(Tensors.fromArray(g, g.length));
        return p;
    }

    @Test
    void clipsByTheJointTwoNorm() {
        Tensor a = withGrad(3, 0), b = withGrad(0, 4), none = Tensors.zeros(2).requiresGrad_(true);
        double norm = Clip.clipGradNorm_(List.of(a, b, none), 1.0);
        assertThat(norm).isEqualTo(5.0);
        double coef = 1.0 / (5.0 + 1e-6);
        assertThat(a.grad().toDoubleArray()).containsExactly(3 * coef, 0);
        assertThat(b.grad().toDoubleArray()).containsExactly(0, 4 * coef);
    }

    @Test
    void leavesSmallGradientsAlone() {
        Tensor a = withGrad(0.3, -0.4);
        assertThat(Clip.clipGradNorm_(List.of(a), 1.0)).isCloseTo(0.5, within(1e-15));
        assertThat(a.grad().toDoubleArray()).containsExactly(0.3, -0.4);
    }

    @Test
    void infinityAndOtherNorms() {
        Tensor a = withGrad(1, -6), b = withGrad(2);
        assertThat(Clip.clipGradNorm_(List.of(a, b), 3.0, Double.POSITIVE_INFINITY, false)).isEqualTo(6.0);
        assertThat(a.grad().toDoubleArray()).containsExactly(new double[] {0.5, -3}, within(1e-6));
        Tensor c = withGrad(1, -2);
        assertThat(Clip.clipGradNorm_(List.of(c), 10, 1, false)).isEqualTo(3.0);
        assertThat(Clip.clipGradNorm_(List.of(), 1.0)).isZero();
    }

    @Test
    void nonFiniteNormIsAnErrorWhenAsked() {
        Tensor a = withGrad(Double.NaN, 1);
        assertThatThrownBy(() -> Clip.clipGradNorm_(List.of(a), 1.0, 2.0, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("clipGradNorm_: the total norm of order 2.0 for gradients is non-finite (NaN)");
    }

    @Test
    void clipsByValue() {
        Tensor a = withGrad(-3, 0.5, 2);
        Clip.clipGradValue_(List.of(a), 1.0);
        assertThat(a.grad().toDoubleArray()).containsExactly(-1, 0.5, 1);
        assertThatThrownBy(() -> Clip.clipGradValue_(List.of(a), -1)).hasMessage("clipGradValue_: clipValue must be >= 0, got -1.0");
    }
}
