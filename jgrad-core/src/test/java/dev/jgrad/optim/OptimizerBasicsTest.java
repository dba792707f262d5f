package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OptimizerBasicsTest {
    @Test
    void zeroGradSetsToNullOrZero() {
        Tensor w = Tensors.ones(3).requiresGrad_(true);
        var opt = new SGD(List.of(w), 0.1);
        w.sum().backward();
        opt.zeroGrad(false);
        assertThat(w.grad().toDoubleArray()).containsExactly(0, 0, 0);
        opt.zeroGrad();
        assertThat(w.grad()).isNull();
    }

    @Test
    void groupsHaveTheirOwnHyperParametersAndGradlessParamsAreSkipped() {
        Tensor a = Tensors.ones(2).requiresGrad_(true), b = Tensors.ones(2).requiresGrad_(true), c = Tensors.ones(1).requiresGrad_(true);
        var opt = new SGD(List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(b)).set("lr", 0.5)), new SGD.Options().lr(0.1));
        opt.addParamGroup(new ParamGroup(List.of(c)).set("lr", 1.0));
        a.sum().add(b.sum()).backward();
        opt.step();
        assertThat(a.toDoubleArray()).containsExactly(0.9f, 0.9f);
        assertThat(b.toDoubleArray()).containsExactly(0.5, 0.5);
        assertThat(c.toDoubleArray()).containsExactly(1.0);
        assertThat(opt.getLr(1)).isEqualTo(0.5);
        opt.setLr(0.01);
        assertThat(opt.paramGroups()).allSatisfy(g -> assertThat(g.lr()).isEqualTo(0.01));
        assertThat(opt.paramGroups().get(2).getDouble("momentum")).isZero();
    }

    @Test
    void nonContiguousParametersAreUpdatedThroughACopy() {
        Tensor base = Tensors.fromArray(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor p = base.t().requiresGrad_(true);
        assertThat(p.isContiguous()).isFalse();
        var opt = new Adam(List.of(p), new Adam.Options().lr(0.1));
        p.mul(Tensors.fromArray(new double[] {1, -1, 2, -2}, 2, 2)).sum().backward();
        opt.step();
        // Adam's first step moves every element by lr·sign(g).
        assertThat(p.contiguous().toDoubleArray()).containsExactly(new double[] {0.9, 3.1, 1.9, 4.1}, within(1e-7));
    }

    /** The float kernels index every array from 0, so a view into the middle of a storage is updated on a copy too. */
    @Test
    void float32ParametersAtAStorageOffsetAreUpdatedInTheirStorage() {
        Tensor base = Tensors.fromArray(new float[] {7, 1, 2, 3, 4, 7}, 6);
        Tensor p = base.narrow(0, 1, 4).detach().requiresGrad_(true);
        assertThat(p.isContiguous()).isTrue();
        assertThat(p.storageOffset()).isEqualTo(1);
        var opt = new SGD(List.of(p), new SGD.Options().lr(0.5).momentum(0.9));
        for (int step = 0; step < 2; step++) {
            opt.zeroGrad();
            p.mul(Tensors.fromArray(new float[] {1, -1, 2, -2}, 4)).sum().backward();
            opt.step();
        }
        // Two steps of momentum 0.9: the second moves by lr·1.9·g.
        assertThat(base.toFloatArray()).containsExactly(7, 1 - 0.5f - 0.95f, 2 + 0.5f + 0.95f, 3 - 1 - 1.9f, 4 + 1 + 1.9f, 7);
    }

    @Test
    void updatesBumpTheVersionCounterAndDoNotRecordGraphs() {
        Tensor w = Tensors.ones(2).requiresGrad_(true);
        var opt = new RMSprop(List.of(w), 0.01);
        w.square().sum().backward();
        int before = w.version();
        opt.step();
        assertThat(w.version()).isGreaterThan(before);
        assertThat(w.isLeaf()).isTrue();
    }

    @Test
    void stepWithClosureReturnsTheLoss() {
        Problems pr = Problems.create("quad");
        var opt = new SGD(pr.params(), 0.05);
        Tensor loss = opt.step(pr.closure());
        assertThat(loss.item()).isCloseTo(0.5 * (20 - 12 + 2) - 0, within(1e-12));
        assertThat(pr.flat()[0]).isCloseTo(1 - 0.05 * (20 - 6 - 1), within(1e-12));
    }

    @Test
    void float32AndFloat64ParametersFollowTheSameMaths() {
        Tensor f = Tensors.fromArray(new float[] {0.5f, -1.5f}, 2).requiresGrad_(true);
        Tensor d = Tensors.fromArray(new double[] {0.5, -1.5}, 2).requiresGrad_(true);
        var of = new NAdam(List.of(f), new NAdam.Options().lr(0.01));
        var od = new NAdam(List.of(d), new NAdam.Options().lr(0.01));
        for (int i = 0; i < 20; i++) {
            of.zeroGrad();
            od.zeroGrad();
            f.pow(4).sum().backward();
            d.pow(4).sum().backward();
            of.step();
            od.step();
        }
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.toDoubleArray()).containsExactly(d.toDoubleArray(), within(1e-5));
    }

    @Test
    void newtonSolvesAQuadraticInOneStep() {
        Problems pr = Problems.create("quad");
        var newton = new Newton(pr.params(), new Newton.Options());
        newton.step(pr.loss());
        assertThat(pr.flat()).containsExactly(new double[] {-1, 3.5}, within(1e-12));
    }

    @Test
    void dampedNewtonOnRosenbrockConverges() {
        Problems pr = Problems.create("rosen");
        var newton = new Newton(pr.params(), new Newton.Options().damping(1e-3));
        for (int i = 0; i < 30; i++) newton.step(pr.loss());
        assertThat(pr.flat()).containsExactly(new double[] {1, 1}, within(1e-6));
    }

    @Test
    void newtonWorksOnSeveralParameterTensors() {
        // f(a, b) = (a - 1)² + 3·(b + 2)² + a·b: minimum where 2(a−1) + b = 0 and 6(b+2) + a = 0.
        Tensor a = Tensors.fromArray(new double[] {0}, 1).requiresGrad_(true), b = Tensors.fromArray(new double[] {0}, 1).requiresGrad_(true);
        var newton = new Newton(List.of(a, b), new Newton.Options());
        newton.step(() -> a.sub(1).square().add(b.add(2).square().mul(3)).add(a.mul(b)).sum());
        assertThat(a.item()).isCloseTo(24.0 / 11, within(1e-12));
        assertThat(b.item()).isCloseTo(-26.0 / 11, within(1e-12));
    }

    @Test
    void linearSolveFallsBackToLuForIndefiniteMatrices() {
        double[][] m = {{0, 1}, {1, 0}};
        assertThat(LinearSolve.cholesky(m, new double[] {2, 3})).isNull();
        assertThat(LinearSolve.solve(m, new double[] {2, 3})).containsExactly(3, 2);
    }

    @Test
    void optimizersFactoryUsesPyTorchNames() {
        Tensor w = Tensors.ones(1).requiresGrad_(true);
        Optimizer opt = Optimizers.create("AdamW", List.of(w), Map.of("lr", 3e-4, "betas", List.of(0.8, 0.9)));
        assertThat(opt).isInstanceOf(AdamW.class);
        assertThat(opt.paramGroups().get(0).betas()).containsExactly(0.8, 0.9);
        assertThat(opt.defaults()).containsEntry("weight_decay", 0.01);
        try (var s = Autograd.noGrad()) {
            assertThat(w.item()).isEqualTo(1.0);
        }
    }
}
