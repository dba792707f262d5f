package dev.jgrad.nn;

import dev.jgrad.autograd.GradMode;
import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Tensor;

import java.util.Objects;

/**
 * Frees the intermediate activations of a forward pass without gradients as soon as the next
 * layer has consumed them, as PyTorch does when an activation's last reference goes. Java frees
 * an array only when the collector finds it unreachable; at inference batch sizes activations are
 * humongous arrays that G1 lets pile up to gigabytes before it looks. Here each one goes back to
 * the thread's {@link BufferPool} and the next batch reuses it.
 *
 * <p>Only where jgrad can vouch that nothing else holds the activation: no gradients are being
 * recorded (so no autograd node saved it), and every module of the owner is one of jgrad's own
 * classes without hooks (a user's module or hook may keep its input or output). The owner's input
 * and anything that shares storage with the consumer's result (a view, an in-place op, an
 * identity) are never freed, and neither is an array the pass did not allocate. It is public for
 * the model zoo's residual blocks; in a user's module it frees nothing, since jgrad cannot vouch
 * for that module's code.
 *
 * <pre>{@code
 * try (Intermediates act = Intermediates.open(this, x)) {
 *     Tensor h = conv.call(x);
 *     h = act.free(h, bn.call(h));   // h is dead once bn has read it
 *     return act.free(h, relu.call(h));
 * }
 * }</pre>
 */
public final class Intermediates implements AutoCloseable {
    private static final Intermediates NONE = new Intermediates(null, false, null);
    private final BufferPool.Scope scope;
    private final boolean owned;
    private final Tensor input;

    private Intermediates(BufferPool.Scope scope, boolean owned, Tensor input) {
        this.scope = scope;
        this.owned = owned;
        this.input = input;
    }

    /** Starts freeing the intermediates of {@code owner}'s forward pass on {@code input}, if jgrad can vouch for them. */
    public static Intermediates open(Module owner, Tensor input) {
        Objects.requireNonNull(owner, "Intermediates.open: owner is null");
        Objects.requireNonNull(input, "Intermediates.open: input is null");
        if (GradMode.isEnabled() || !owner.isOwnWithoutHooks()) return NONE;
        BufferPool.Scope scope = BufferPool.open();
        if (scope != null) return new Intermediates(scope, true, input);
        // Nested in another pass (an outer model, or a backward pass): its scope issued the arrays.
        return new Intermediates(BufferPool.current(), false, input);
    }

    /**
     * {@code result}, computed from {@code consumed}, which the caller will not read again: gives
     * consumed's array back unless it is the owner's input or shares storage with it or with result.
     */
    public Tensor free(Tensor consumed, Tensor result) {
        if (scope != null && consumed.storage() != input.storage() && consumed.storage() != result.storage()) {
            scope.release(consumed);
        }
        return result;
    }

    @Override
    public void close() {
        if (owned) scope.close();
    }
}
