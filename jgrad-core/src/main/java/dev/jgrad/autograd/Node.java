package dev.jgrad.autograd;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One recorded operation of the graph: how to turn the gradient of its output into gradients of
 * its inputs. A node refers to the nodes that produced its inputs (or the leaves that receive
 * gradients), never to the input tensors themselves, so intermediate results are freed as soon as
 * nothing else holds them; what backward needs is kept explicitly as version-checked saved tensors.
 */
public final class Node {
    /** Backward rule: gradients for each input (null where none), given the output gradient and the saved tensors. */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor grad, Tensor[] saved);
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    final String name;
    /** Creation order: a node always comes after the nodes of its inputs, so descending order is topological. */
    final long sequence = SEQUENCE.incrementAndGet();
    final Node[] next;
    final Tensor[] leaves;
    final int[][] inputShapes;
    final DType[] inputTypes;
    private Tensor[] saved;
    private final int[] savedVersions;
    private Backward backward;
    /** Whether the rule's gradients are new tensors that nothing else refers to (see {@link #recordWithNewGradients}). */
    final boolean newGradients;
    /** Whether the rule is user code, which may keep the gradients it is given or returns (see {@link #recordOpaque}). */
    final boolean opaque;
    final StackTraceElement[] creationSite;
    List<UnaryOperator<Tensor>> hooks;
    Tensor retainedOutput;

    private Node(String name, Tensor[] inputs, Tensor[] saved, Backward backward, boolean newGradients, boolean opaque) {
        this.name = name;
        this.newGradients = newGradients;
        this.opaque = opaque;
        int n = inputs.length;
        next = new Node[n];
        leaves = new Tensor[n];
        inputShapes = new int[n][];
        inputTypes = new DType[n];
        for (int i = 0; i < n; i++) {
            Tensor t = inputs[i];
            if (t == null || !t.requiresGrad()) continue;
            if (t.gradFn() != null) next[i] = t.gradFn();
            else leaves[i] = t;
            inputShapes[i] = t.shape();
            inputTypes[i] = t.dtype();
        }
        this.saved = saved;
        savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i] == null ? 0 : saved[i].version();
        this.backward = backward;
        creationSite = GradMode.isAnomalyEnabled() ? new Throwable().getStackTrace() : null;
    }

    /**
     * Attaches a backward rule to {@code output} when grad mode is on and an input requires a
     * gradient; otherwise returns {@code output} untouched. This is the one place ops record.
     * The rule must keep no reference to the gradient it is given nor to those it returns once it
     * has returned: the engine recycles their arrays (see {@link dev.jgrad.tensor.BufferPool}).
     */
    public static Tensor record(String name, Tensor output, Tensor[] inputs, Tensor[] saved, Backward backward) {
        return record(name, output, inputs, saved, backward, false, false);
    }

    /**
     * Like {@link #record}, for a rule whose gradients are always tensors it has just computed,
     * a different one for each input, that it keeps no reference to. A leaf can then take its
     * gradient as {@code .grad} as it is, without the copy the engine makes of a gradient that
     * may be shared (like PyTorch's AccumulateGrad stealing a gradient nothing else holds).
     */
    public static Tensor recordWithNewGradients(String name, Tensor output, Tensor[] inputs, Tensor[] saved, Backward backward) {
        return record(name, output, inputs, saved, backward, true, false);
    }

    /** Like {@link #record}, for a rule that runs user code, which may keep any gradient it sees: none is recycled. */
    static Tensor recordOpaque(String name, Tensor output, Tensor[] inputs, Tensor[] saved, Backward backward) {
        return record(name, output, inputs, saved, backward, false, true);
    }

    private static Tensor record(String name, Tensor output, Tensor[] inputs, Tensor[] saved, Backward backward,
                                 boolean newGradients, boolean opaque) {
        if (!GradMode.isEnabled()) return output;
        boolean any = false;
        for (Tensor t : inputs) any |= t != null && t.requiresGrad();
        if (!any) return output;
        output.setGradFn(new Node(name, inputs, saved, backward, newGradients, opaque));
        return output;
    }

    public static Tensor[] saved(Tensor... tensors) {
        return tensors;
    }

    public static Tensor[] inputs(Tensor... tensors) {
        return tensors;
    }

    /** Shortcut for the common rule whose output gradient list is built inline. */
    public static Tensor[] grads(Tensor... grads) {
        return grads;
    }

    public String name() {
        return name;
    }

    public void addHook(UnaryOperator<Tensor> hook) {
        if (hooks == null) hooks = new ArrayList<>();
        hooks.add(hook);
    }

    void retain(Tensor output) {
        retainedOutput = output;
    }

    Tensor[] apply(Tensor grad) {
        if (backward == null) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved "
                    + "tensors after they have already been freed): '" + name + "' was already run. "
                    + "Specify retainGraph=true if you need to backward through the graph a second time.");
        }
        for (int i = 0; i < saved.length; i++) {
            Tensor s = saved[i];
            if (s != null && s.version() != savedVersions[i]) {
                throw new IllegalStateException("one of the tensors needed for gradient computation has been modified by an "
                        + "in-place operation: [" + s.dtype() + " " + Arrays.toString(s.shape()) + "], saved by '" + name
                        + "', is at version " + s.version() + "; expected version " + savedVersions[i] + " instead.");
            }
        }
        return backward.apply(grad, saved);
    }

    /** The tensors kept for backward (none once released). */
    Tensor[] savedTensors() {
        return saved;
    }

    /** Frees saved tensors and the rule; a later backward through this node fails with a clear message. */
    void release() {
        saved = new Tensor[0];
        backward = null;
    }

    String site() {
        if (creationSite == null) return "(enable anomaly detection to record where)";
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        boolean inside = true;
        for (StackTraceElement e : creationSite) {
            String c = e.getClassName();
            inside &= c.equals(Node.class.getName()) || c.startsWith("dev.jgrad.tensor.");
            if (inside) continue;
            sb.append("\n    at ").append(e);
            if (++shown == 8) break;
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name + "Backward";
    }
}
