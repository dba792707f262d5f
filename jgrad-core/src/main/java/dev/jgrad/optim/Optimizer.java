package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Base of all optimisers: parameter groups, per-parameter state, {@code zeroGrad}, {@code step}
 * and state dicts, following {@code torch.optim.Optimizer}.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), new Adam.Options().lr(1e-3));
 * for (...) {
 *     opt.zeroGrad();
 *     loss(model).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>Updates write the parameters' storage directly (fused loops over the raw arrays, see each
 * optimiser; float32 parameters take SIMD loops split over the shared thread pool, which round
 * like the double loops and give the same result for any thread count) and then bump the
 * storage's version counter, as PyTorch's in-place updates do: a graph that is still alive and
 * saved a parameter before the step refuses to backward through the stale value instead of
 * silently using the new one. Parameters that are not contiguous from the start of their
 * storage are updated on such a copy, which is then copied back.
 */
public abstract class Optimizer {
    private final String name;
    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    /** Per-parameter state, keyed by identity like PyTorch's {@code self.state[p]}. */
    protected final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
    /**
     * Whether float32 parameters take the float kernels ({@link FloatLoop}) of the
     * optimisers that have them; false runs them through the double reference loops, which the
     * tests compare the kernels with.
     */
    boolean floatKernels = true;

    protected Optimizer(String name, List<ParamGroup> groups, OptimizerOptions<?> defaults) {
        this.name = name;
        this.defaults = new LinkedHashMap<>(defaults.asMap());
        validate(this.defaults);
        if (groups.isEmpty()) throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** One group holding all of {@code params}. */
    protected static List<ParamGroup> single(Iterable<Tensor> params) {
        ParamGroup g = new ParamGroup(params);
        return g.params().isEmpty() ? List.of() : List.of(g);
    }

    /**
     * Adds a group (e.g. when unfreezing layers): missing hyper-parameters take the defaults;
     * parameters must be leaves and may not already be in another group.
     */
    public void addParamGroup(ParamGroup group) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : group.params()) {
            if (!p.isLeaf()) throw new IllegalArgumentException(name + ": can't optimize a non-leaf Tensor " + p.describe());
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(name + ": can only optimize floating point Tensors, got " + p.describe());
            }
            if (!seen.add(p)) throw new IllegalArgumentException(name + ": a parameter group contains the same parameter twice");
            for (ParamGroup other : paramGroups) {
                for (Tensor q : other.params()) {
                    if (q == p) throw new IllegalArgumentException(name + ": some parameters appear in more than one parameter group");
                }
            }
        }
        defaults.forEach((k, v) -> {
            if (!group.has(k)) group.set(k, v);
        });
        validate(group.options());
        paramGroups.add(group);
    }

    /** Checks one set of hyper-parameters (the defaults and each group), PyTorch's messages. */
    protected abstract void validate(Map<String, Object> options);

    /** Updates the parameters of one group from their {@code .grad}; runs under no-grad. */
    protected abstract void updateGroup(ParamGroup group);

    public String name() {
        return name;
    }

    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    public Map<String, Object> defaults() {
        return Collections.unmodifiableMap(defaults);
    }

    /** Sets every parameter's gradient to null (PyTorch 2's default). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** Sets gradients to null, or to zero in place when {@code setToNull} is false. */
    public void zeroGrad(boolean setToNull) {
        for (ParamGroup g : paramGroups) {
            for (Tensor p : g.params()) {
                if (p.grad() == null) continue;
                if (setToNull) {
                    p.setGrad(null);
                } else {
                    try (var s = Autograd.noGrad()) {
                        p.setGrad(p.grad().detach().zero_());
                    }
                }
            }
        }
    }

    /** One update from the current gradients. */
    public void step() {
        step(null);
    }

    /**
     * Re-evaluates the loss with {@code closure} (with grad enabled; the closure usually zeroes
     * the gradients and calls backward), then updates. Returns the closure's loss, or null.
     */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss = null;
        if (closure != null) {
            try (var s = Autograd.enableGrad()) {
                loss = closure.get();
            }
        }
        try (var s = Autograd.noGrad()) {
            for (ParamGroup g : paramGroups) updateGroup(g);
        }
        return loss;
    }

    /** The learning rate of group 0. */
    public double getLr() {
        return getLr(0);
    }

    public double getLr(int group) {
        return paramGroups.get(group).lr();
    }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        for (ParamGroup g : paramGroups) g.setLr(lr);
    }

    public void setLr(int group, double lr) {
        paramGroups.get(group).setLr(lr);
    }

    /** The state of {@code p}, created empty on first use. */
    protected Map<String, Object> stateOf(Tensor p) {
        return state.computeIfAbsent(p, k -> new LinkedHashMap<>());
    }

    /** What an optimiser's fused loop does for one parameter. */
    protected interface ParamUpdate {
        void apply(Tensor param, Elements p, Elements grad, Map<String, Object> state);
    }

    /**
     * Runs {@code update} for each parameter of {@code group} that has a gradient, on the raw
     * arrays of the parameter (or of a packed copy that is copied back) and of its gradient.
     */
    protected void forEachParamWithGrad(ParamGroup group, ParamUpdate update) {
        for (Tensor p : group.params()) {
            Tensor grad = p.grad();
            if (grad == null) continue;
            Elements g = Elements.of(Elements.packed(grad.dtype() == p.dtype() ? grad : grad.to(p.dtype())));
            Elements.updateInPlace(p, e -> update.apply(p, e, g, stateOf(p)));
        }
    }

    /** Whether the update of {@code p} takes the float kernel (see {@link #floatKernels}). */
    boolean takesFloatKernel(Elements p) {
        return floatKernels && p.isFloat();
    }

    /** A zero-filled state buffer shaped and typed like {@code p}. */
    protected static Tensor zerosLike(Tensor p) {
        return Tensors.zeros(p.shape(), p.dtype());
    }

    /** Every tensor this optimiser keeps between steps: its parameters and the tensors of their state. */
    public List<Tensor> keptTensors() {
        List<Tensor> out = new ArrayList<>();
        for (ParamGroup g : paramGroups) out.addAll(g.params());
        for (Map<String, Object> s : state.values()) for (Object v : s.values()) collectTensors(v, out);
        return out;
    }

    private static void collectTensors(Object v, List<Tensor> out) {
        switch (v) {
            case Tensor t -> out.add(t);
            case Iterable<?> it -> it.forEach(e -> collectTensors(e, out));
            case Map<?, ?> m -> m.values().forEach(e -> collectTensors(e, out));
            case Object[] a -> { for (Object e : a) collectTensors(e, out); }
            case null, default -> { }
        }
    }

    /** A snapshot of the state and the groups' hyper-parameters (see {@link OptimizerState}). */
    public OptimizerState stateDict() {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (ParamGroup g : paramGroups) {
            Map<String, Object> packed = new LinkedHashMap<>();
            g.options().forEach((k, v) -> packed.put(k, StateCopies.copy(v)));
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                index.putIfAbsent(p, index.size());
                ids.add(index.get(p));
            }
            packed.put("params", ids);
            groups.add(packed);
        }
        Map<Integer, Map<String, Object>> packedState = new TreeMap<>();
        state.forEach((p, s) -> packedState.put(index.get(p), StateCopies.copyMap(s)));
        return new OptimizerState(packedState, groups);
    }

    /**
     * Restores a snapshot taken from an optimiser of the same kind over parameters of the same
     * shapes (copies; tensors are cast to their parameter's dtype).
     */
    public void loadStateDict(OptimizerState saved) {
        if (saved.paramGroups().size() != paramGroups.size()) {
            throw new IllegalArgumentException(name + ": loaded state dict has a different number of parameter groups ("
                    + saved.paramGroups().size() + ") than the optimizer (" + paramGroups.size() + ")");
        }
        List<Tensor> byIndex = new ArrayList<>();
        for (int i = 0; i < paramGroups.size(); i++) {
            List<?> ids = (List<?>) saved.paramGroups().get(i).get("params");
            List<Tensor> ps = paramGroups.get(i).params();
            if (ids.size() != ps.size()) {
                throw new IllegalArgumentException(name + ": loaded state dict contains a parameter group that doesn't match the size of "
                        + "optimizer's group " + i + " (" + ids.size() + " vs " + ps.size() + " parameters)");
            }
            byIndex.addAll(ps);
        }
        for (int i = 0; i < paramGroups.size(); i++) {
            ParamGroup g = paramGroups.get(i);
            saved.paramGroups().get(i).forEach((k, v) -> {
                if (!k.equals("params")) g.set(k, StateCopies.copy(v));
            });
        }
        state.clear();
        saved.state().forEach((i, s) -> {
            Tensor p = byIndex.get(i);
            Map<String, Object> restored = StateCopies.copyMap(s);
            restored.replaceAll((k, v) -> v instanceof Tensor t && Arrays.equals(t.shape(), p.shape()) ? t.to(p.dtype()) : v);
            state.put(p, restored);
        });
    }
}
