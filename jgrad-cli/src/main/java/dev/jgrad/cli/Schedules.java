package dev.jgrad.cli;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.lr.ConstantLR;
import dev.jgrad.optim.lr.CosineAnnealingLR;
import dev.jgrad.optim.lr.CosineAnnealingWarmRestarts;
import dev.jgrad.optim.lr.ExponentialLR;
import dev.jgrad.optim.lr.InverseSqrtLR;
import dev.jgrad.optim.lr.LRScheduler;
import dev.jgrad.optim.lr.LinearLR;
import dev.jgrad.optim.lr.MultiStepLR;
import dev.jgrad.optim.lr.OneCycleLR;
import dev.jgrad.optim.lr.PolynomialLR;
import dev.jgrad.optim.lr.ReduceLROnPlateau;
import dev.jgrad.optim.lr.Scheduler;
import dev.jgrad.optim.lr.StepLR;
import dev.jgrad.optim.lr.Warmup;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate schedules of {@code jgrad train --schedule}. Every schedule but plateau steps
 * once per batch; settings given in epochs are converted to steps, and the schedule's clock starts
 * after the {@code --warmup} steps (a linear warm-up in front of it through {@link Warmup#linear}).
 * Plateau steps once per epoch with the held-out loss, the warm-up in front of it per batch.
 */
final class Schedules {
    static final List<String> NAMES = List.of("constant", "cosine", "cosine-restarts", "step", "multistep", "exponential", "linear",
            "inverse-sqrt", "onecycle", "plateau");
    /** Schedule options of {@code jgrad train} and the schedules that use them. */
    static final Map<String, List<String>> OPTIONS = Map.of(
            "--gamma", List.of("step", "multistep", "exponential"),
            "--milestones", List.of("multistep"),
            "--restart-every", List.of("cosine-restarts"),
            "--restart-mult", List.of("cosine-restarts"),
            "--plateau-factor", List.of("plateau"),
            "--plateau-patience", List.of("plateau"));

    /** What the trainer steps: {@code perBatch} after every optimiser step, {@code plateau} after every epoch; either may be null. */
    record Plan(Scheduler perBatch, ReduceLROnPlateau plateau) {}

    private Schedules() {}

    /** Checks the settings that do not depend on the data; bad ones raise IllegalArgumentException. */
    static void check(TrainConfig cfg) {
        if (cfg.warmup() < 0) throw new IllegalArgumentException("--warmup must be >= 0 steps, got " + cfg.warmup());
        if (cfg.warmup() > 0 && cfg.schedule().equals("onecycle")) {
            throw new IllegalArgumentException("--schedule onecycle warms up by itself (over its first 30% of steps); drop --warmup");
        }
        if (cfg.gamma() != null && !(cfg.gamma() > 0)) throw new IllegalArgumentException("--gamma must be > 0, got " + cfg.gamma());
        if (cfg.milestones() != null) {
            if (cfg.milestones().isEmpty()) throw new IllegalArgumentException("--milestones needs at least one epoch");
            for (int m : cfg.milestones()) {
                if (m < 1 || m >= cfg.epochs()) {
                    throw new IllegalArgumentException("--milestones must be epochs from 1 to " + (cfg.epochs() - 1) + " (--epochs " + cfg.epochs() + "), got " + m);
                }
            }
        }
        if (cfg.restartEvery() != null && cfg.restartEvery() < 1) throw new IllegalArgumentException("--restart-every must be >= 1 epoch, got " + cfg.restartEvery());
        if (cfg.restartMult() != null && cfg.restartMult() < 1) throw new IllegalArgumentException("--restart-mult must be >= 1, got " + cfg.restartMult());
        if (cfg.plateauFactor() != null && !(cfg.plateauFactor() > 0 && cfg.plateauFactor() < 1)) {
            throw new IllegalArgumentException("--plateau-factor must be in (0, 1), got " + cfg.plateauFactor());
        }
        if (cfg.plateauPatience() != null && cfg.plateauPatience() < 0) {
            throw new IllegalArgumentException("--plateau-patience must be >= 0 epochs, got " + cfg.plateauPatience());
        }
    }

    /** The schedule of {@code cfg} on {@code opt} for epochs of {@code batchesPerEpoch} steps. */
    static Plan create(TrainConfig cfg, Optimizer opt, int batchesPerEpoch) {
        int warmup = cfg.warmup();
        if (cfg.schedule().equals("plateau")) {
            ReduceLROnPlateau plateau = ReduceLROnPlateau.builder(opt)
                    .factor(or(cfg.plateauFactor(), 0.1))
                    .patience(or(cfg.plateauPatience(), 2))
                    .build();
            return new Plan(warmup > 0 ? new LinearLR(opt, 1.0 / warmup, 1.0, warmup) : null, plateau);
        }
        int after = Math.max(1, cfg.epochs() * batchesPerEpoch - warmup);
        LRScheduler main = switch (cfg.schedule()) {
            case "cosine" -> new CosineAnnealingLR(opt, after, 0);
            case "cosine-restarts" -> new CosineAnnealingWarmRestarts(opt, or(cfg.restartEvery(), Math.max(1, cfg.epochs() / 3)) * batchesPerEpoch,
                    or(cfg.restartMult(), 1), 0);
            case "step" -> new StepLR(opt, Math.max(1, after / 3), or(cfg.gamma(), 0.1));
            case "multistep" -> new MultiStepLR(opt, milestoneSteps(cfg, batchesPerEpoch), or(cfg.gamma(), 0.1));
            case "exponential" -> new ExponentialLR(opt, Math.pow(or(cfg.gamma(), 0.9), 1.0 / batchesPerEpoch));
            case "linear" -> new PolynomialLR(opt, after, 1.0);
            case "inverse-sqrt" -> new InverseSqrtLR(opt, batchesPerEpoch);
            case "onecycle" -> OneCycleLR.builder(opt, cfg.lr(), after)
                    .cycleMomentum(opt.defaults().containsKey("betas") || opt.defaults().containsKey("momentum"))
                    .build();
            case "constant" -> warmup > 0 ? new ConstantLR(opt, 1.0, 0) : null;
            default -> throw new IllegalArgumentException("unknown --schedule '" + cfg.schedule() + "'; choose one of " + NAMES);
        };
        return new Plan(warmup > 0 ? Warmup.linear(opt, warmup, main) : main, null);
    }

    /** The milestone epochs (default: half and three quarters of the run) as steps after the warm-up. */
    private static int[] milestoneSteps(TrainConfig cfg, int batchesPerEpoch) {
        List<Integer> epochs = cfg.milestones() != null ? cfg.milestones() : List.of(Math.max(1, cfg.epochs() / 2), Math.max(1, cfg.epochs() * 3 / 4));
        int[] steps = new int[epochs.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = epochs.get(i) * batchesPerEpoch - cfg.warmup();
            if (steps[i] < 1) {
                throw new IllegalArgumentException("--milestones: epoch " + epochs.get(i) + " ends at step " + epochs.get(i) * batchesPerEpoch
                        + ", inside the " + cfg.warmup() + "-step warm-up");
            }
        }
        return steps;
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
