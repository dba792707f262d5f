package dev.jgrad.optim.lr;

import dev.jgrad.optim.SGD;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SchedulerHelpersTest {
    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensors.zeros(1).requiresGrad_(true)), new SGD.Options().lr(lr).momentum(0.9));
    }

    @Test
    void linearScalingRule() {
        assertThat(LinearScaling.lr(0.1, 256, 1024)).isCloseTo(0.4, within(1e-15));
        assertThat(LinearScaling.lr(0.1, 256, 64)).isCloseTo(0.025, within(1e-15));
        assertThatThrownBy(() -> LinearScaling.lr(0.1, 0, 64)).hasMessage("LinearScaling.lr: batch sizes must be positive, got reference 0 and 64");
    }

    @Test
    void warmupThenCosine() {
        SGD opt = sgd(1.0);
        var sched = Warmup.linear(opt, 4, new CosineAnnealingLR(opt, 10));
        List<Double> lrs = new ArrayList<>(List.of(opt.getLr()));
        for (int i = 0; i < 6; i++) {
            sched.step();
            lrs.add(opt.getLr());
        }
        // LinearLR from 1/4 towards 1 over 4 steps (0.25 + 0.75·t/4), then the cosine from its epoch 0.
        assertThat(lrs.subList(0, 4)).containsExactly(0.25, 0.4375, 0.625, 0.8125);
        assertThat(lrs.get(4)).isEqualTo(1.0);
        assertThat(lrs.get(5)).isCloseTo((1 + Math.cos(Math.PI / 10)) / 2, within(1e-15));
    }

    @Test
    void oneCycleRefusesToStepPastTheEnd() {
        SGD opt = sgd(0.1);
        var sched = OneCycleLR.builder(opt, 1.0, 3).build();
        for (int i = 0; i < 3; i++) sched.step();
        assertThatThrownBy(sched::step).hasMessage("OneCycleLR: Tried to step 5 times. The specified number of total steps is 3");
    }

    @Test
    void badArguments() {
        SGD opt = sgd(0.1);
        assertThatThrownBy(() -> new LinearLR(opt, 1.5, 1.0, 5)).hasMessageStartingWith("LinearLR: Starting multiplicative factor");
        assertThatThrownBy(() -> new ConstantLR(opt, 2.0, 5))
                .hasMessage("ConstantLR: Constant multiplicative factor expected to be between 0 and 1, got 2.0");
        assertThatThrownBy(() -> new CosineAnnealingWarmRestarts(opt, 0)).hasMessage("CosineAnnealingWarmRestarts: Expected positive integer T_0, but got 0");
        assertThatThrownBy(() -> ReduceLROnPlateau.builder(opt).factor(1.0).build()).hasMessage("ReduceLROnPlateau: Factor should be < 1.0, got 1.0");
        assertThatThrownBy(() -> new SequentialLR(opt, List.of(new StepLR(opt, 3, 0.5)), new int[] {2}))
                .hasMessageContaining("expects number of schedulers provided to be one more than the number of milestone points");
        assertThatThrownBy(() -> new SequentialLR(opt, List.of(new StepLR(sgd(0.1), 3, 0.5)), new int[0]))
                .hasMessageContaining("expects all schedulers to belong to the same optimizer");
        var noMomentum = new dev.jgrad.optim.Adagrad(List.of(Tensors.zeros(1).requiresGrad_(true)), 0.1);
        assertThatThrownBy(() -> OneCycleLR.builder(noMomentum, 1.0, 10).build())
                .hasMessage("OneCycleLR: optimizer Adagrad must support momentum with `cycle_momentum` option enabled");
    }
}
