package dev.jgrad.train;

import dev.jgrad.nn.Module;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Tensor;

import java.util.Objects;

/**
 * Recycles a training step's forward activations when the step ends, for a loop that can vouch
 * that nothing keeps them. Java frees an activation only when the collector finds it unreachable,
 * so each step's activations are otherwise new arrays that the JVM zeroes on the calling thread
 * while the other threads wait, and garbage that grows the heap.
 *
 * <p>Only a closed world qualifies: every module of the model, the optimiser, and every other
 * object the step hands a tensor to (the loss, the metrics), is one of jgrad's own classes
 * ({@link BufferPool#isOwn}), none with hooks. None of those keeps a tensor of one step into the
 * next except the parameters, their gradients, the buffers and the optimiser's state, and those
 * are kept. User code (a custom module, a hook, a
 * custom loss or metric) may keep anything, so a step that runs some recycles nothing and behaves
 * exactly as before. Nothing a step returns may be a tensor: read numbers from it before it closes.
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *     try (StepRecycling step = StepRecycling.open(model, optimizer, loss)) {
 *         ... forward, loss, backward, optimizer.step(), read loss.item() ...
 *     }
 * }
 * }</pre>
 *
 * Passes without gradients need no step: {@code nn.Intermediates} frees their activations as they
 * die, which holds less at once than a step that gives them back only at its end.
 */
public final class StepRecycling implements AutoCloseable {
    private final Module model;
    private final Optimizer optimizer;
    private final BufferPool.Step step;

    private StepRecycling(Module model, Optimizer optimizer, BufferPool.Step step) {
        this.model = model;
        this.optimizer = optimizer;
        this.step = step;
    }

    /**
     * Opens a recycled step on this thread if the model and {@code others} (what else sees the
     * step's tensors) form a closed world; else, or inside another step, one that recycles nothing.
     * The optimizer is null for a step that only evaluates.
     */
    public static StepRecycling open(Module model, Optimizer optimizer, Object... others) {
        return open("StepRecycling.open", false, model, optimizer, others);
    }

    /**
     * Like {@link #open}, for a loop that also holds no tensor between its steps (no gradient read
     * after a step and kept into the next): each such step also gives back the arrays of the
     * gradients that the previous one kept and that this one's {@code zeroGrad} replaced, so a
     * steady loop allocates no new gradient either.
     */
    public static StepRecycling openChained(Module model, Optimizer optimizer, Object... others) {
        return open("StepRecycling.openChained", true, model, optimizer, others);
    }

    private static StepRecycling open(String caller, boolean chained, Module model, Optimizer optimizer, Object... others) {
        Objects.requireNonNull(model, caller + ": model is null");
        for (int i = 0; i < others.length; i++) Objects.requireNonNull(others[i], caller + ": others[" + i + "] is null");
        boolean closed = isClosedWorld(model, others) && (optimizer == null || BufferPool.isOwn(optimizer));
        if (!closed) BufferPool.forgetKept(); // user code in this step may take what the last one kept
        BufferPool.Step step = !closed ? null : chained ? BufferPool.openChainedStep() : BufferPool.openStep();
        return new StepRecycling(model, optimizer, step);
    }

    /** Whether every module of the model is jgrad's own without hooks, and every other object is jgrad's own. */
    static boolean isClosedWorld(Module model, Object... others) {
        if (!model.isOwnWithoutHooks()) return false;
        for (Object o : others) {
            if (!BufferPool.isOwn(o) || o instanceof Module m && m.hasHooks()) return false;
        }
        return true;
    }

    /** Whether this step recycles its arrays when it closes. */
    public boolean recycles() {
        return step != null;
    }

    @Override
    public void close() {
        if (step == null) return;
        model.forEachStateTensor(t -> {
            step.keep(t);
            step.keep(t.grad());
        });
        if (optimizer != null) {
            for (Tensor t : optimizer.keptTensors()) {
                step.keep(t);
                step.keep(t.grad());
            }
        }
        step.close();
    }
}
