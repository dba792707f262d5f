package dev.jgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.tensor.Tensors;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The learning rate of every step under each {@code --schedule}, for 10 batches per epoch. */
class SchedulesTest {
    private static final int BATCHES = 10;

    static TrainConfig config(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command.resolved();
    }

    /** The lr in force at each optimiser step; {@code heldOutLoss} feeds a plateau schedule after each epoch. */
    private static double[] lrs(double[] heldOutLoss, String... args) {
        TrainConfig cfg = config(args);
        Optimizer opt = OptimizerSettings.create(cfg, List.of(Tensors.zeros(1).requiresGrad_(true)));
        Schedules.Plan plan = Schedules.create(cfg, opt, BATCHES);
        double[] out = new double[cfg.epochs() * BATCHES];
        for (int step = 0; step < out.length; step++) {
            out[step] = opt.getLr();
            if (plan.perBatch() != null) plan.perBatch().step();
            if (plan.plateau() != null && (step + 1) % BATCHES == 0) plan.plateau().step(heldOutLoss[step / BATCHES]);
        }
        return out;
    }

    private static double[] lrs(String... args) {
        return lrs(null, args);
    }

    @Test
    void multistepCutsAfterTheMilestoneEpochsOfTheRunAlsoAfterAWarmup() {
        double[] plain = lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "4", "--schedule", "multistep", "--milestones", "1,3", "--gamma", "0.5");
        assertThat(plain[9]).isEqualTo(0.1);
        assertThat(plain[10]).isCloseTo(0.05, within(1e-15));
        assertThat(plain[29]).isCloseTo(0.05, within(1e-15));
        assertThat(plain[30]).isCloseTo(0.025, within(1e-15));
        double[] warm = lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "4", "--schedule", "multistep", "--milestones", "1,3", "--gamma", "0.5",
                "--warmup", "5");
        assertThat(warm[0]).isCloseTo(0.02, within(1e-15));
        assertThat(warm[5]).isCloseTo(0.1, within(1e-15));
        assertThat(warm[10]).isCloseTo(0.05, within(1e-15));
        assertThat(warm[30]).isCloseTo(0.025, within(1e-15));
    }

    @Test
    void onecycleRisesToTheLrAndCyclesBetaOne() {
        TrainConfig cfg = config("--lr", "0.01", "--epochs", "2", "--schedule", "onecycle");
        Optimizer opt = OptimizerSettings.create(cfg, List.of(Tensors.zeros(1).requiresGrad_(true)));
        var plan = Schedules.create(cfg, opt, BATCHES);
        assertThat(opt.getLr()).isCloseTo(0.01 / 25, within(1e-15));
        assertThat(opt.paramGroups().getFirst().betas()[0]).isCloseTo(0.95, within(1e-15));
        for (int step = 0; step < 5; step++) plan.perBatch().step(); // the peak: 30% of 20 steps, minus one
        assertThat(opt.getLr()).isCloseTo(0.01, within(1e-15));
        assertThat(opt.paramGroups().getFirst().betas()[0]).isCloseTo(0.85, within(1e-15));
        for (int step = 5; step < 19; step++) plan.perBatch().step(); // the lr of the last of the 20 batches
        assertThat(opt.getLr()).isCloseTo(0.01 / 25 / 1e4, within(1e-15));
    }

    @Test
    void plateauCutsPerEpochWhenTheHeldOutLossStopsImproving() {
        double[] loss = {1.0, 2.0, 0.5, 0.6, 0.4};
        double[] lr = lrs(loss, "--optimizer", "sgd", "--lr", "0.1", "--epochs", "5", "--schedule", "plateau", "--plateau-factor", "0.5",
                "--plateau-patience", "0", "--warmup", "5");
        assertThat(lr[0]).isCloseTo(0.02, within(1e-15));
        assertThat(epochLrs(lr)).containsExactly(new double[] {0.02, 0.1, 0.05, 0.05, 0.025}, within(1e-15));
    }

    @Test
    void otherSchedulesFollowTheirFormulas() {
        double lr = 0.1;
        assertThat(epochLrs(lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "3", "--schedule", "exponential", "--gamma", "0.5")))
                .containsExactly(new double[] {lr, lr / 2, lr / 4}, within(1e-15));
        assertThat(epochLrs(lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "5", "--schedule", "linear")))
                .containsExactly(new double[] {lr, 0.8 * lr, 0.6 * lr, 0.4 * lr, 0.2 * lr}, within(1e-15));
        assertThat(epochLrs(lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "5", "--schedule", "inverse-sqrt")))
                .containsExactly(new double[] {lr, lr, lr / Math.sqrt(2), lr / Math.sqrt(3), lr / 2}, within(1e-15));
        double[] restarts = lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "3", "--schedule", "cosine-restarts", "--restart-every", "1");
        assertThat(epochLrs(restarts)).containsExactly(new double[] {lr, lr, lr}, within(1e-15));
        assertThat(restarts[5]).isCloseTo(lr / 2, within(1e-15));
        assertThat(epochLrs(lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "3", "--schedule", "step")))
                .containsExactly(new double[] {lr, lr / 10, lr / 100}, within(1e-15));
        double[] cosine = lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "2");
        assertThat(cosine[10]).isCloseTo(lr / 2, within(1e-15));
        double[] constant = lrs("--optimizer", "sgd", "--lr", "0.1", "--epochs", "2", "--schedule", "constant", "--warmup", "4");
        assertThat(Arrays.copyOf(constant, 5)).containsExactly(new double[] {0.025, 0.04375, 0.0625, 0.08125, 0.1}, within(1e-15));
        assertThat(constant[19]).isCloseTo(lr, within(1e-15));
    }

    /** The lr of the first step of each epoch. */
    private static double[] epochLrs(double[] lrs) {
        return java.util.stream.IntStream.range(0, lrs.length / BATCHES).mapToDouble(e -> lrs[e * BATCHES]).toArray();
    }
}
