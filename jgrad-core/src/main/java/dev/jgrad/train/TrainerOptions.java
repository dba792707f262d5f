package dev.jgrad.train;

/**
 * How a {@link Trainer} runs: number of epochs, gradient clipping by global L2 norm (0 = off), how
 * often a step's loss is logged, checkpoints (null = none) and early stopping (null = none).
 *
 * <pre>{@code
 * TrainerOptions.epochs(10).withClipGradNorm(1.0).withEarlyStopping(new EarlyStopping(Monitor.min("loss"), 3, 0));
 * }</pre>
 */
public record TrainerOptions(int epochs, double clipGradNorm, int logEverySteps, CheckpointPolicy checkpoints,
        EarlyStopping earlyStopping) {
    public TrainerOptions {
        if (epochs < 1) throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + epochs);
        if (!(clipGradNorm >= 0)) throw new IllegalArgumentException("Trainer: clipGradNorm must be >= 0 (0 = off), got " + clipGradNorm);
        if (logEverySteps < 1) throw new IllegalArgumentException("Trainer: logEverySteps must be >= 1, got " + logEverySteps);
    }

    /** {@code n} epochs, no clipping, a step logged every 10, no checkpoints, no early stopping. */
    public static TrainerOptions epochs(int n) {
        return new TrainerOptions(n, 0, 10, null, null);
    }

    public TrainerOptions withClipGradNorm(double maxNorm) {
        return new TrainerOptions(epochs, maxNorm, logEverySteps, checkpoints, earlyStopping);
    }

    public TrainerOptions withLogEverySteps(int steps) {
        return new TrainerOptions(epochs, clipGradNorm, steps, checkpoints, earlyStopping);
    }

    public TrainerOptions withCheckpoints(CheckpointPolicy policy) {
        return new TrainerOptions(epochs, clipGradNorm, logEverySteps, policy, earlyStopping);
    }

    public TrainerOptions withEarlyStopping(EarlyStopping stopping) {
        return new TrainerOptions(epochs, clipGradNorm, logEverySteps, checkpoints, stopping);
    }
}
