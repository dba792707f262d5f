package dev.jgrad.autograd;

import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;

/**
 * Autograd's entry points: grad-mode scopes, anomaly detection and the functional API
 * ({@link #grad}, {@link #vjp}, {@link #jvp}, {@link #jacobian}, {@link #hessian}, {@link #hvp}).
 *
 * <pre>{@code
 * try (var scope = Autograd.noGrad()) {
 *     w.sub_(w.grad().mul(0.1));
 * }
 * }</pre>
 */
public final class Autograd {
    private Autograd() {}

    /** A scope in which operations record no graph. */
    public static GradMode.Scope noGrad() {
        return GradMode.set(false);
    }

    /** A scope that records even inside a no-grad scope. */
    public static GradMode.Scope enableGrad() {
        return GradMode.set(true);
    }

    /**
     * A scope for pure inference: like {@link #noGrad()}, nothing inside records a graph. (PyTorch's
     * inference mode also marks the tensors made inside; jgrad does not.)
     */
    public static GradMode.Scope inferenceMode() {
        return GradMode.set(false);
    }

    /**
     * Checks every gradient produced in backward for NaN/Inf and names the forward op that
     * produced it and where it was created. Slow: for debugging.
     */
    public static GradMode.Scope detectAnomaly() {
        return GradMode.setAnomaly(true);
    }

    /** Accumulates gradients of {@code roots} into the leaves' {@code .grad}. */
    public static void backward(Tensor[] roots, Tensor[] grads, boolean retainGraph, boolean createGraph) {
        Engine.run(roots, grads, retainGraph, createGraph, null, false);
    }

    /**
     * Gradients of {@code outputs} (weighted by {@code gradOutputs}; null means ones for scalar
     * outputs) with respect to {@code inputs}, without touching any {@code .grad}.
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs,
                                boolean retainGraph, boolean createGraph, boolean allowUnused) {
        Tensor[] gs = new Tensor[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            Tensor g = gradOutputs == null ? null : gradOutputs[i];
            if (g == null) {
                if (outputs[i].numel() != 1) {
                    throw new IllegalArgumentException("grad: grad can be implicitly created only for scalar outputs; output " + i
                            + " has shape " + java.util.Arrays.toString(outputs[i].shape()));
                }
                g = Tensors.onesLike(outputs[i]);
            }
            gs[i] = g;
        }
        return Engine.run(outputs, gs, retainGraph, createGraph, inputs, allowUnused);
    }

    /** d output / d inputs for a scalar output; the graph is freed unless {@code createGraph}. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(new Tensor[] {output}, inputs, null, false, false, false);
    }

    /** Gradients that are themselves differentiable (for second derivatives). */
    public static Tensor[] gradWithGraph(Tensor output, Tensor... inputs) {
        return grad(new Tensor[] {output}, inputs, null, true, true, false);
    }

    /** The vector-Jacobian product vᵀ·J of {@code f} at {@code x}, and f(x). */
    public static Tensor[] vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor in = x.detach().requiresGrad_(true);
        Tensor out;
        try (var scope = enableGrad()) {
            out = f.apply(in);
        }
        Tensor g = grad(new Tensor[] {out}, new Tensor[] {in}, new Tensor[] {v}, false, false, true)[0];
        return new Tensor[] {out.detach(), g == null ? Tensors.zerosLike(x) : g};
    }

    /**
     * The Jacobian-vector product J·v of {@code f} at {@code x}, and f(x), by the double-backward
     * trick: J·v = d/du (uᵀ J)·v.
     */
    public static Tensor[] jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor in = x.detach().requiresGrad_(true);
        try (var scope = enableGrad()) {
            Tensor out = f.apply(in);
            Tensor u = Tensors.zerosLike(out).requiresGrad_(true);
            Tensor g = grad(new Tensor[] {out}, new Tensor[] {in}, new Tensor[] {u}, true, true, true)[0];
            if (g == null) return new Tensor[] {out.detach(), Tensors.zerosLike(out)};
            Tensor jv = grad(new Tensor[] {g}, new Tensor[] {u}, new Tensor[] {v}, false, false, true)[0];
            return new Tensor[] {out.detach(), jv == null ? Tensors.zerosLike(out) : jv};
        }
    }

    /** The Jacobian of {@code f} at {@code x}, shaped output.shape ++ x.shape. */
    public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
        Tensor in = x.detach().requiresGrad_(true);
        Tensor out;
        try (var scope = enableGrad()) {
            out = f.apply(in);
        }
        int m = out.numel(), n = x.numel();
        Tensor flatOut = out.reshape(-1);
        Tensor[] rows = new Tensor[m];
        for (int i = 0; i < m; i++) {
            Tensor onehot = Tensors.zeros(new int[] {m}, out.dtype());
            onehot.storage().setDouble(i, 1);
            Tensor g = grad(new Tensor[] {flatOut}, new Tensor[] {in}, new Tensor[] {onehot}, true, false, true)[0];
            rows[i] = (g == null ? Tensors.zerosLike(x) : g).reshape(n);
        }
        int[] shape = new int[out.dim() + x.dim()];
        System.arraycopy(out.shape(), 0, shape, 0, out.dim());
        System.arraycopy(x.shape(), 0, shape, out.dim(), x.dim());
        return (m == 0 ? Tensors.zeros(shape, x.dtype()) : Tensors.stack(0, rows)).reshape(shape);
    }

    /** The Hessian of a scalar function, shaped x.shape ++ x.shape. */
    public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
        return jacobian(z -> {
            Tensor y = f.apply(z);
            return grad(new Tensor[] {y}, new Tensor[] {z}, null, true, true, true)[0];
        }, x);
    }

    /** The Hessian-vector product H·v of a scalar function at x, without forming H. */
    public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Tensor in = x.detach().requiresGrad_(true);
        try (var scope = enableGrad()) {
            Tensor y = f.apply(in);
            Tensor g = grad(new Tensor[] {y}, new Tensor[] {in}, null, true, true, false)[0];
            Tensor hv = grad(new Tensor[] {g.mul(v).sum()}, new Tensor[] {in}, null, false, false, true)[0];
            return hv == null ? Tensors.zerosLike(x) : hv;
        }
    }

    /**
     * The bytes of the distinct storages that the graph behind {@code roots} keeps for backward
     * (its saved tensors): what gradient checkpointing reduces.
     */
    public static long savedTensorBytes(Tensor... roots) {
        Set<Storage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytes = 0;
        for (Node node : Engine.topologicalOrder(roots)) {
            for (Tensor t : node.savedTensors()) {
                if (t != null && seen.add(t.storage())) bytes += (long) t.storage().size() * t.dtype().itemSize();
            }
        }
        return bytes;
    }

    /** Used by {@link Tensor#retainGrad()}. */
    public static void retainGrad(Node node, Tensor output) {
        node.retain(output);
    }
}
