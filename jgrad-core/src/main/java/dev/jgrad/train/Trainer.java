package dev.jgrad.train;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.data.Batch;
import dev.jgrad.data.BatchIterator;
import dev.jgrad.data.DataLoader;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.Clip;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.lr.ReduceLROnPlateau;
import dev.jgrad.optim.lr.Scheduler;
import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The training loop: for each epoch, one pass over the training loader (forward, loss, backward,
 * optional gradient clipping, optimiser step, scheduler step per batch or per epoch), then one
 * pass over the validation loader (and a {@link ReduceLROnPlateau} step with one of its metrics);
 * metrics, listeners, checkpoints and early stopping around it.
 *
 * <p>Reproducible: with the same seed and thread count two runs give bit-identical weights, and a
 * run resumed from any of its checkpoints ({@link #restore}) continues to the same weights as one
 * that was never interrupted: the checkpoint holds the model, optimiser, scheduler, the random
 * generator, the loader position (epoch, next batch) and the unfinished epoch's running metrics.
 *
 * <pre>{@code
 * var trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3),
 *         () -> new ClassificationMetrics(10, 5), TrainerOptions.epochs(5));
 * List<EpochResult> history = trainer.fit(trainLoader, validationLoader);
 * }</pre>
 */
public final class Trainer {
    /** When the scheduler steps: after every optimiser step, or after every epoch. */
    public enum SchedulerStep { BATCH, EPOCH }

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Supplier<EpochMetrics> metrics;
    private final TrainerOptions options;
    private final List<TrainingListener> listeners = new ArrayList<>();
    /** Whether every listener is one of jgrad's own: a user's runs between steps and may keep a gradient. */
    private boolean ownListeners = true;
    private Scheduler scheduler;
    private SchedulerStep schedulerStep = SchedulerStep.EPOCH;
    private ReduceLROnPlateau plateau;
    private String plateauMetric;
    private Generator generator = Generator.global();
    private Map<String, String> info = Map.of();

    private int epoch;
    private int nextBatch;
    private long step;
    private EpochMetrics running;
    private final List<EpochResult> history = new ArrayList<>();
    private final List<StepRecord> steps = new ArrayList<>();

    public Trainer(Module model, Loss loss, Optimizer optimizer, Supplier<EpochMetrics> metrics, TrainerOptions options) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.metrics = metrics;
        this.options = options;
    }

    /** Steps {@code scheduler} after every batch or every epoch. */
    public Trainer scheduler(Scheduler scheduler, SchedulerStep when) {
        this.scheduler = scheduler;
        this.schedulerStep = when;
        return this;
    }

    /**
     * Steps {@code plateau} after every epoch with the epoch's {@code metric} (the validation value
     * when there is a validation loader, else the training one; see {@link EpochResult#metric}), as
     * PyTorch's {@code scheduler.step(val_loss)}. It may act together with a per-batch {@link #scheduler}
     * such as a linear warm-up.
     */
    public Trainer plateau(ReduceLROnPlateau plateau, String metric) {
        this.plateau = plateau;
        this.plateauMetric = metric;
        return this;
    }

    /** The generator whose state checkpoints save (the one dropout and random transforms of the model draw from); the global one by default. */
    public Trainer generator(Generator generator) {
        this.generator = generator;
        return this;
    }

    public Trainer addListener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "Trainer.addListener: listener is null"));
        ownListeners &= BufferPool.isOwn(listener);
        return this;
    }

    /** Free-form strings stored in every checkpoint (e.g. the run's configuration). */
    public Trainer info(Map<String, String> info) {
        this.info = Map.copyOf(info);
        return this;
    }

    public List<EpochResult> history() {
        return List.copyOf(history);
    }

    public List<StepRecord> steps() {
        return List.copyOf(steps);
    }

    /** Global optimiser steps taken so far. */
    public long step() {
        return step;
    }

    /**
     * Trains until {@code options.epochs()} epochs are done (counting those of a restored state) or
     * early stopping fires; {@code validation} may be null. Returns the history of all epochs. A
     * checkpoint that cannot be written raises {@link UncheckedIOException}.
     */
    public List<EpochResult> fit(DataLoader<Batch> train, DataLoader<Batch> validation) {
        boolean stop = options.earlyStopping() != null && options.earlyStopping().shouldStop(history);
        while (epoch < options.epochs() && !stop) {
            EpochResult result = trainEpoch(train, validation);
            history.add(result);
            epoch++;
            nextBatch = 0;
            running = null;
            Path saved = checkpoint();
            saveBestIfImproved(saved);
            for (TrainingListener l : listeners) l.onEpochEnd(result);
            stop = options.earlyStopping() != null && options.earlyStopping().shouldStop(history);
        }
        return history();
    }

    private EpochResult trainEpoch(DataLoader<Batch> train, DataLoader<Batch> validation) {
        int numBatches = train.numBatches();
        if (running == null) running = metrics.get();
        for (TrainingListener l : listeners) l.onEpochStart(epoch + 1, numBatches, nextBatch);
        model.train();
        long start = System.nanoTime();
        long samples = 0;
        try (BatchIterator<Batch> batches = train.iterator(epoch, nextBatch)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                double lr = optimizer.getLr();
                double batchLoss = trainStep(batch);
                nextBatch = batches.nextBatchIndex();
                step++;
                samples += batch.size();
                if (step % options.logEverySteps() == 0) steps.add(new StepRecord(step, epoch + 1, nextBatch, batchLoss, lr));
                double seconds = (System.nanoTime() - start) / 1e9;
                BatchProgress progress = new BatchProgress(epoch + 1, options.epochs(), nextBatch, numBatches, running.compute(),
                        optimizer.getLr(), samples / seconds);
                for (TrainingListener l : listeners) l.onBatchEnd(progress);
                CheckpointPolicy policy = options.checkpoints();
                if (policy != null && policy.everySteps() > 0 && step % policy.everySteps() == 0 && nextBatch < numBatches) checkpoint();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (scheduler != null && schedulerStep == SchedulerStep.EPOCH) scheduler.step();
        Map<String, Double> validationMetrics = validation == null ? Map.of() : evaluate(model, loss, validation, metrics.get()).compute();
        Map<String, Double> trainMetrics = running.compute();
        if (plateau != null) plateau.step(plateauValue(trainMetrics, validationMetrics));
        return new EpochResult(epoch + 1, trainMetrics, validationMetrics, optimizer.getLr(), seconds, samples / seconds);
    }

    private double plateauValue(Map<String, Double> train, Map<String, Double> validation) {
        Double value = validation.containsKey(plateauMetric) ? validation.get(plateauMetric) : train.get(plateauMetric);
        if (value == null) throw new IllegalStateException("Trainer: the plateau scheduler watches '" + plateauMetric + "', which the metrics lack: " + train.keySet());
        return value;
    }

    /** One optimisation step on {@code batch}; returns its loss. */
    private double trainStep(Batch batch) {
        try (StepRecycling recycling = ownListeners ? StepRecycling.openChained(model, optimizer, loss, running) : StepRecycling.open(model, optimizer, loss, running)) {
            optimizer.zeroGrad();
            Tensor outputs = model.call(batch.inputs());
            Tensor batchLoss = loss.call(outputs, batch.targets());
            batchLoss.backward();
            if (options.clipGradNorm() > 0) Clip.clipGradNorm_(model.parameters(), options.clipGradNorm());
            optimizer.step();
            if (scheduler != null && schedulerStep == SchedulerStep.BATCH) scheduler.step();
            double value = batchLoss.item();
            running.update(outputs.detach(), batch.targets(), value);
            return value;
        }
    }

    /** Runs {@code model} in eval mode without gradients over {@code loader}, accumulating into {@code into}. */
    public static EpochMetrics evaluate(Module model, Loss loss, DataLoader<Batch> loader, EpochMetrics into) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var noGrad = Autograd.noGrad()) {
            for (Batch batch : loader.epoch(0)) {
                Tensor outputs = model.call(batch.inputs());
                into.update(outputs, batch.targets(), loss.call(outputs, batch.targets()).item());
            }
        } finally {
            model.train(wasTraining);
        }
        return into;
    }

    /** A snapshot of everything needed to continue exactly from here. */
    public TrainState state() {
        return new TrainState(epoch, nextBatch, step, model.stateDict(), optimizer.stateDict(),
                scheduler == null ? null : scheduler.stateDict(), plateau == null ? null : plateau.stateDict(), generator.getState(), running == null ? null : running.stateDict(),
                history(), steps(), info);
    }

    /** Continues from {@code state} (taken from a trainer built the same way): the next {@link #fit} picks up where it stopped. */
    public void restore(TrainState state) {
        if ((state.scheduler() == null) != (scheduler == null)) {
            throw new IllegalStateException("Trainer.restore: the checkpoint was taken " + (scheduler == null ? "with" : "without")
                    + " a scheduler, but this trainer has " + (scheduler == null ? "none" : "one"));
        }
        if ((state.plateau() == null) != (plateau == null)) {
            throw new IllegalStateException("Trainer.restore: the checkpoint was taken " + (plateau == null ? "with" : "without")
                    + " a ReduceLROnPlateau, but this trainer has " + (plateau == null ? "none" : "one"));
        }
        model.loadStateDict(state.model(), true);
        optimizer.loadStateDict(state.optimizer());
        if (scheduler != null) scheduler.loadStateDict(state.scheduler());
        if (plateau != null) plateau.loadStateDict(state.plateau());
        generator.setState(state.rng());
        epoch = state.epoch();
        nextBatch = state.nextBatch();
        step = state.step();
        running = null;
        if (state.partialMetrics() != null) {
            running = metrics.get();
            running.loadStateDict(state.partialMetrics());
        }
        history.clear();
        history.addAll(state.history());
        steps.clear();
        steps.addAll(state.steps());
    }

    private Path checkpoint() {
        if (options.checkpoints() == null) return null;
        Path file;
        try {
            file = options.checkpoints().save(state());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + options.checkpoints().dir() + ": " + e.getMessage(), e);
        }
        for (TrainingListener l : listeners) l.onCheckpoint(file);
        return file;
    }

    private void saveBestIfImproved(Path saved) {
        CheckpointPolicy policy = options.checkpoints();
        if (saved == null || policy.best() == null || policy.best().bestIndex(history, 0) != history.size() - 1) return;
        try {
            policy.saveBest(saved);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + policy.dir().resolve(CheckpointPolicy.BEST) + ": " + e.getMessage(), e);
        }
    }
}
