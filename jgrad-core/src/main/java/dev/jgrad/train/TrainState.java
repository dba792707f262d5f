package dev.jgrad.train;

import dev.jgrad.optim.OptimizerState;
import dev.jgrad.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Trainer} needs to continue a run exactly: the position (0-based epoch in
 * progress and the index of its next batch, global step), model state dict, optimiser and
 * scheduler states, random generator state, the running metrics of the unfinished epoch, the
 * history so far, and free-form {@code info} (for example the run's configuration).
 *
 * @param scheduler      null without a scheduler
 * @param plateau        the {@link dev.jgrad.optim.lr.ReduceLROnPlateau} state; null without one
 * @param partialMetrics the {@link EpochMetrics#stateDict} of the epoch in progress; null at an epoch boundary
 */
public record TrainState(int epoch, int nextBatch, long step, Map<String, Tensor> model, OptimizerState optimizer,
        Map<String, Object> scheduler, Map<String, Object> plateau, long[] rng, Map<String, Object> partialMetrics, List<EpochResult> history,
        List<StepRecord> steps, Map<String, String> info) {}
