package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The equivalences documented on {@link SGD}, checked numerically on the Rosenbrock function. */
class SGDEquivalenceTest {
    private static final double LR = 1e-4, RHO = 0.9;

    private static double[] grad(double[] x) {
        Tensor t = Tensors.fromArray(x.clone(), 2).requiresGrad_(true);
        Problems.rosenbrock(t).backward();
        return t.grad().toDoubleArray();
    }

    private static double[] torchSgd(boolean nesterov, int steps) {
        Problems pr = Problems.create("rosen");
        var opt = new SGD(pr.params(), new SGD.Options().lr(LR).momentum(RHO).nesterov(nesterov));
        for (int i = 0; i < steps; i++) {
            pr.computeGrad();
            opt.step();
        }
        return pr.flat();
    }

    @Test
    void lectureVelocityFormIsPyTorchsMomentum() {
        double[] p = {-1.5, 2}, v = {0, 0};
        for (int i = 0; i < 200; i++) {
            double[] g = grad(p);
            for (int k = 0; k < 2; k++) {
                v[k] = RHO * v[k] - LR * g[k];
                p[k] += v[k];
            }
        }
        double[] torch = torchSgd(false, 200);
        assertThat(p[0]).isCloseTo(torch[0], within(1e-12));
        assertThat(p[1]).isCloseTo(torch[1], within(1e-12));
    }

    @Test
    void classicalNesterovIsPyTorchsNesterovAfterTheChangeOfVariables() {
        double[] theta = {-1.5, 2}, v = {0, 0};
        for (int i = 0; i < 200; i++) {
            double[] g = grad(new double[] {theta[0] + RHO * v[0], theta[1] + RHO * v[1]});
            for (int k = 0; k < 2; k++) {
                v[k] = RHO * v[k] - LR * g[k];
                theta[k] += v[k];
            }
        }
        // PyTorch's iterate is the look-ahead point p = θ + ρ·v.
        double[] torch = torchSgd(true, 200);
        assertThat(theta[0] + RHO * v[0]).isCloseTo(torch[0], within(1e-12));
        assertThat(theta[1] + RHO * v[1]).isCloseTo(torch[1], within(1e-12));
    }

    /** Plain SGD and SGD with momentum, in float64 so that the two agree to rounding. */
    @ParameterizedTest(name = "momentum {0}")
    @ValueSource(doubles = {0, 0.9})
    void weightDecayIsAnL2PenaltyOnTheLoss(double momentum) {
        double wd = 0.05;
        Problems a = Problems.create("mlp64"), b = Problems.create("mlp64");
        var withDecay = new SGD(a.params(), new SGD.Options().lr(0.1).momentum(momentum).weightDecay(wd));
        var plain = new SGD(b.params(), new SGD.Options().lr(0.1).momentum(momentum));
        for (int i = 0; i < 50; i++) {
            a.computeGrad();
            withDecay.step();
            for (Tensor p : b.params()) p.setGrad(null);
            Tensor loss = b.loss().get();
            for (Tensor p : b.params()) loss = loss.add(p.square().sum().mul(wd / 2));
            loss.backward();
            plain.step();
        }
        assertThat(b.flat()).containsExactly(a.flat(), within(1e-12));
    }

    @Test
    void maximizeAscendsTheNegatedObjective() {
        Problems a = Problems.create("quad"), b = Problems.create("quad");
        var min = new SGD(a.params(), new SGD.Options().lr(0.05).momentum(0.5));
        var max = new SGD(b.params(), new SGD.Options().lr(0.05).momentum(0.5).maximize(true));
        for (int i = 0; i < 20; i++) {
            a.computeGrad();
            min.step();
            for (Tensor p : b.params()) p.setGrad(null);
            b.loss().get().neg().backward();
            max.step();
        }
        assertThat(b.flat()).containsExactly(a.flat());
    }

    @Test
    void gradientDescentIsPlainSgd() {
        Problems a = Problems.create("quad"), b = Problems.create("quad");
        var gd = new GradientDescent(a.params(), 0.05);
        var sgd = new SGD(b.params(), 0.05);
        for (int i = 0; i < 30; i++) {
            a.computeGrad();
            gd.step();
            b.computeGrad();
            sgd.step();
        }
        assertThat(a.flat()).containsExactly(b.flat());
        assertThat(gd.stateDict().state()).isEmpty();
        assertThat(List.of(a.flat()[0], a.flat()[1])).allSatisfy(v -> assertThat(v).isFinite());
    }
}
