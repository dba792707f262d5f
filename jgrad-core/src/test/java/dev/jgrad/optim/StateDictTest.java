package dev.jgrad.optim;

import dev.jgrad.optim.lr.ChainedScheduler;
import dev.jgrad.optim.lr.ConstantLR;
import dev.jgrad.optim.lr.CosineAnnealingLR;
import dev.jgrad.optim.lr.CosineAnnealingWarmRestarts;
import dev.jgrad.optim.lr.ExponentialLR;
import dev.jgrad.optim.lr.MultiStepLR;
import dev.jgrad.optim.lr.OneCycleLR;
import dev.jgrad.optim.lr.ReduceLROnPlateau;
import dev.jgrad.optim.lr.Scheduler;
import dev.jgrad.optim.lr.Warmup;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 50 steps, save, load into fresh objects, 50 more == 100 uninterrupted, bitwise. */
class StateDictTest {
    private static double[] run(Function<List<Tensor>, Optimizer> make, boolean interrupt, String problem) {
        Problems pr = Problems.create(problem);
        Optimizer opt = make.apply(pr.params());
        for (int i = 0; i < 50; i++) {
            pr.computeGrad();
            opt.step();
        }
        if (interrupt) {
            OptimizerState saved = opt.stateDict();
            Problems fresh = Problems.create(problem);
            for (int i = 0; i < pr.params().size(); i++) {
                try (var s = dev.jgrad.autograd.Autograd.noGrad()) {
                    fresh.params().get(i).copy_(pr.params().get(i));
                }
            }
            pr = fresh;
            opt = make.apply(pr.params());
            opt.loadStateDict(saved);
        }
        for (int i = 0; i < 50; i++) {
            pr.computeGrad();
            opt.step();
        }
        return pr.flat();
    }

    @Test
    void optimizersRoundTripBitwise() {
        List<Function<List<Tensor>, Optimizer>> makers = List.of(
                ps -> new SGD(ps, new SGD.Options().lr(0.05).momentum(0.9).nesterov(true)),
                ps -> new Adam(ps, new Adam.Options().lr(0.01).amsgrad(true)),
                ps -> new AdamW(ps, new AdamW.Options().lr(0.01)),
                ps -> new RMSprop(ps, new RMSprop.Options().lr(0.01).centered(true).momentum(0.5)),
                ps -> new Adagrad(ps, new Adagrad.Options().lr(0.1)),
                ps -> new Adadelta(ps, new Adadelta.Options()),
                ps -> new NAdam(ps, new NAdam.Options().lr(0.01)),
                ps -> new RAdam(ps, new RAdam.Options().lr(0.01)));
        for (var make : makers) {
            for (String problem : List.of("quad", "mlp")) {
                double[] straight = run(make, false, problem), resumed = run(make, true, problem);
                assertThat(resumed).as("%s on %s", make.apply(Problems.create(problem).params()).name(), problem).containsExactly(straight);
            }
        }
    }

    @Test
    void lbfgsRoundTripsBitwise() {
        double[][] results = new double[2][];
        for (int mode = 0; mode < 2; mode++) {
            Problems pr = Problems.create("rosen");
            var opts = new LBFGS.Options().maxIter(3).lineSearchFn("strong_wolfe");
            LBFGS opt = new LBFGS(pr.params(), opts);
            for (int i = 0; i < 4; i++) opt.step(pr.closure());
            if (mode == 1) {
                OptimizerState saved = opt.stateDict();
                opt = new LBFGS(pr.params(), new LBFGS.Options().maxIter(3).lineSearchFn("strong_wolfe"));
                opt.loadStateDict(saved);
            }
            for (int i = 0; i < 4; i++) opt.step(pr.closure());
            results[mode] = pr.flat();
        }
        assertThat(results[1]).containsExactly(results[0]);
    }

    @Test
    void stateIsACopyWithPyTorchLayout() {
        Problems pr = Problems.create("quad");
        var opt = new Adam(pr.params(), new Adam.Options().lr(0.1));
        pr.computeGrad();
        opt.step();
        OptimizerState s = opt.stateDict();
        assertThat(s.state().get(0)).containsOnlyKeys("step", "exp_avg", "exp_avg_sq").containsEntry("step", 1L);
        assertThat(s.paramGroups().get(0)).containsEntry("params", List.of(0)).containsEntry("lr", 0.1)
                .containsEntry("betas", List.of(0.9, 0.999));
        double before = ((Tensor) s.state().get(0).get("exp_avg")).toDoubleArray()[0];
        pr.computeGrad();
        opt.step();
        assertThat(((Tensor) s.state().get(0).get("exp_avg")).toDoubleArray()[0]).isEqualTo(before);
    }

    @Test
    void mismatchedGroupsAreRejected() {
        Problems a = Problems.create("mlp");
        var opt = new SGD(a.params(), 0.1);
        var other = new SGD(List.of(new ParamGroup(a.params().subList(0, 2)), new ParamGroup(a.params().subList(2, 4))),
                new SGD.Options().lr(0.1));
        assertThatThrownBy(() -> opt.loadStateDict(other.stateDict()))
                .hasMessage("SGD: loaded state dict has a different number of parameter groups (2) than the optimizer (1)");
        var small = new SGD(a.params().subList(0, 2), 0.1);
        assertThatThrownBy(() -> small.loadStateDict(opt.stateDict()))
                .hasMessage("SGD: loaded state dict contains a parameter group that doesn't match the size of optimizer's group 0 (4 vs 2 parameters)");
    }

    private interface SchedulerFactory {
        Object make(Optimizer opt);
    }

    private static double[] schedule(SchedulerFactory factory, boolean interrupt) {
        Problems pr = Problems.create("quad");
        Optimizer opt = new SGD(pr.params(), new SGD.Options().lr(0.05).momentum(0.9));
        Object sched = factory.make(opt);
        double[] lrs = new double[100];
        for (int i = 0; i < 100; i++) {
            if (interrupt && i == 50) {
                OptimizerState os = opt.stateDict();
                var ss = sched instanceof Scheduler l ? l.stateDict() : ((ReduceLROnPlateau) sched).stateDict();
                opt = new SGD(pr.params(), new SGD.Options().lr(0.05).momentum(0.9));
                sched = factory.make(opt);
                opt.loadStateDict(os);
                if (sched instanceof Scheduler l) l.loadStateDict(ss);
                else ((ReduceLROnPlateau) sched).loadStateDict(ss);
            }
            pr.computeGrad();
            opt.step();
            if (sched instanceof Scheduler l) l.step();
            else ((ReduceLROnPlateau) sched).step(i < 30 ? 1.0 / (i + 1) : 0.04);
            lrs[i] = opt.getLr();
        }
        double[] out = new double[102];
        System.arraycopy(lrs, 0, out, 0, 100);
        System.arraycopy(pr.flat(), 0, out, 100, 2);
        return out;
    }

    @Test
    void schedulersRoundTripBitwise() {
        List<SchedulerFactory> factories = List.of(
                opt -> new CosineAnnealingWarmRestarts(opt, 7, 2, 1e-3),
                opt -> OneCycleLR.builder(opt, 0.05, 100).build(),
                opt -> Warmup.linear(opt, 20, new CosineAnnealingLR(opt, 60)),
                opt -> new ChainedScheduler(List.of(new ConstantLR(opt, 0.5, 60), new ExponentialLR(opt, 0.97))),
                opt -> new MultiStepLR(opt, new int[] {30, 60, 90}, 0.1),
                opt -> ReduceLROnPlateau.builder(opt).patience(3).factor(0.5).cooldown(2).build());
        for (SchedulerFactory f : factories) assertThat(schedule(f, true)).containsExactly(schedule(f, false));
    }
}
