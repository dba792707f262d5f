package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base class of every layer and model, like PyTorch's {@code nn.Module}.
 *
 * <p>State is discovered by reflection: every non-static, non-transient field of type
 * {@link Parameter}, {@link Buffer} or {@code Module} (including {@link Sequential},
 * {@link ModuleList}, {@link ModuleDict}) is registered under its field name (or its
 * {@link Name} annotation), superclass fields first, then in declaration order. Fields holding
 * null are skipped (PyTorch's {@code bias=None}). Dynamic state is added with
 * {@link #registerParameter}, {@link #registerBuffer} and {@link #registerModule}, after the fields.
 * Within one module, parameters come before buffers before children, so names and order match
 * PyTorch's {@code state_dict()} when fields are declared in PyTorch's assignment order.
 *
 * <pre>{@code
 * class TwoLayer extends Module {
 *     final Linear fc1 = new Linear(784, 128);
 *     final Linear fc2 = new Linear(128, 10);
 *     public Tensor forward(Tensor x) { return fc2.call(F.relu(fc1.call(x))); }
 * }
 * var model = new TwoLayer();
 * model.stateDict().keySet();   // [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
 * Tensor logits = model.call(x);
 * }</pre>
 *
 * Call submodules with {@link #call} (not {@code forward}) so hooks and {@link #summary} see them.
 */
public abstract class Module {
    private boolean training = true;
    private final Map<String, Parameter> registeredParameters = new LinkedHashMap<>();
    private final Map<String, Buffer> registeredBuffers = new LinkedHashMap<>();
    private final Map<String, Module> registeredModules = new LinkedHashMap<>();
    private final List<ForwardPreHook> forwardPreHooks = new ArrayList<>();
    private final List<ForwardHook> forwardHooks = new ArrayList<>();
    private final List<BackwardHook> backwardHooks = new ArrayList<>();

    /** The computation; subclasses implement it, callers use {@link #call}. */
    public abstract Tensor forward(Tensor input);

    /** Runs forward pre-hooks, {@link #forward}, forward hooks, and attaches backward hooks to the output. */
    public Tensor call(Tensor input) {
        for (ForwardPreHook h : List.copyOf(forwardPreHooks)) {
            Tensor replaced = h.apply(this, input);
            if (replaced != null) input = replaced;
        }
        Tensor output = forward(input);
        for (ForwardHook h : List.copyOf(forwardHooks)) {
            Tensor replaced = h.apply(this, input, output);
            if (replaced != null) output = replaced;
        }
        if (!backwardHooks.isEmpty() && output.requiresGrad()) {
            for (BackwardHook h : List.copyOf(backwardHooks)) output.registerHook(g -> h.apply(this, g));
        }
        return output;
    }

    // ================================================================ hooks

    /** Whether any forward pre-hook, forward hook or backward hook is registered on this module. */
    public boolean hasHooks() {
        return !forwardPreHooks.isEmpty() || !forwardHooks.isEmpty() || !backwardHooks.isEmpty();
    }

    /**
     * Whether this module and every one below it are jgrad's own classes ({@link BufferPool#isOwn})
     * without hooks: code known to keep no tensor it is given or returns, so recycling activations
     * may vouch for it ({@link Intermediates}, {@code train.StepRecycling}).
     */
    public boolean isOwnWithoutHooks() {
        for (Module m : eachModule()) if (!BufferPool.isOwn(m) || m.hasHooks()) return false;
        return true;
    }

    /** Called before forward with the input; a non-null return value replaces the input. */
    @FunctionalInterface
    public interface ForwardPreHook {
        Tensor apply(Module module, Tensor input);
    }

    /** Called after forward; a non-null return value replaces the output. */
    @FunctionalInterface
    public interface ForwardHook {
        Tensor apply(Module module, Tensor input, Tensor output);
    }

    /** Called during backward with the gradient of the module's output; a non-null return value replaces it. */
    @FunctionalInterface
    public interface BackwardHook {
        Tensor apply(Module module, Tensor gradOutput);
    }

    /** Removes the hook it was returned for; also usable in try-with-resources. */
    @FunctionalInterface
    public interface HookHandle extends AutoCloseable {
        void remove();

        @Override
        default void close() {
            remove();
        }
    }

    public HookHandle registerForwardPreHook(ForwardPreHook hook) {
        forwardPreHooks.add(hook);
        return () -> forwardPreHooks.remove(hook);
    }

    public HookHandle registerForwardHook(ForwardHook hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    /**
     * Registers a hook on the gradient of this module's output (PyTorch's full backward hook,
     * given grad_output only; the hook is attached to each output produced while registered).
     */
    public HookHandle registerFullBackwardHook(BackwardHook hook) {
        backwardHooks.add(hook);
        return () -> backwardHooks.remove(hook);
    }

    // ================================================================ registration

    /** Adds a parameter named {@code name} (after the field-declared ones) and returns it. */
    public Parameter registerParameter(String name, Parameter parameter) {
        checkNewName(name);
        registeredParameters.put(name, parameter);
        return parameter;
    }

    public Parameter registerParameter(String name, Tensor data) {
        return registerParameter(name, new Parameter(data));
    }

    /** Adds a persistent buffer. */
    public Buffer registerBuffer(String name, Tensor data) {
        return registerBuffer(name, new Buffer(data));
    }

    public Buffer registerBuffer(String name, Buffer buffer) {
        checkNewName(name);
        registeredBuffers.put(name, buffer);
        return buffer;
    }

    /** Adds a child module and returns it. */
    public <M extends Module> M registerModule(String name, M module) {
        checkNewName(name);
        if (module == this) throw new IllegalArgumentException(typeName() + ": a module cannot be its own child");
        registeredModules.put(name, module);
        return module;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(typeName() + ": state name must be non-empty and contain no '.', got \"" + name + "\"");
        }
        if (localParameters().containsKey(name) || localBuffers().containsKey(name) || localModules().containsKey(name)) {
            throw new IllegalArgumentException(typeName() + ": attribute \"" + name + "\" already exists");
        }
    }

    // ================================================================ local state (fields, then registered)

    private <T> Map<String, T> local(Class<T> type, Map<String, T> registered) {
        Map<String, T> out = new LinkedHashMap<>();
        Set<Object> registeredValues = Collections.newSetFromMap(new IdentityHashMap<>());
        registeredValues.addAll(registered.values());
        for (StateFields.Entry e : StateFields.of(getClass())) {
            if (!type.isAssignableFrom(e.field().getType())) continue;
            Object value = e.get(this);
            // A field that also holds a registered object is listed once, under its registered name.
            if (value != null && !registeredValues.contains(value)) out.put(e.name(), type.cast(value));
        }
        out.putAll(registered);
        return out;
    }

    Map<String, Parameter> localParameters() {
        return local(Parameter.class, registeredParameters);
    }

    Map<String, Buffer> localBuffers() {
        return local(Buffer.class, registeredBuffers);
    }

    Map<String, Module> localModules() {
        return local(Module.class, registeredModules);
    }

    // ================================================================ traversal

    /** Direct children in registration order. */
    public List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    public LinkedHashMap<String, Module> namedChildren() {
        return new LinkedHashMap<>(localModules());
    }

    /** This module ("") and every descendant, pre-order, each once, with dotted names. */
    public LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) return;
        out.put(prefix, m);
        for (var e : m.localModules().entrySet()) collectModules(join(prefix, e.getKey()), e.getValue(), out, seen);
    }

    public List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /**
     * Calls {@code action} on every parameter and buffer tensor of this module and its descendants
     * (never null: neither holds one), each module once, in no promised order: for a training
     * step's bookkeeping, which runs every step and needs neither the names nor the maps that
     * {@link #namedParameters} builds.
     */
    public void forEachStateTensor(Consumer<Tensor> action) {
        for (Module m : eachModule()) {
            for (StateFields.Entry e : StateFields.of(m.getClass())) {
                switch (e.get(m)) {
                    case Parameter p -> action.accept(p.data());
                    case Buffer b -> action.accept(b.data());
                    case null, default -> { }
                }
            }
            for (Parameter p : m.registeredParameters.values()) action.accept(p.data());
            for (Buffer b : m.registeredBuffers.values()) action.accept(b.data());
        }
    }

    /** This module and every descendant, each once, without names: what {@link #modules} holds, in no promised order. */
    private List<Module> eachModule() {
        List<Module> out = new ArrayList<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(this);
        out.add(this);
        for (int i = 0; i < out.size(); i++) {
            Module m = out.get(i);
            for (StateFields.Entry e : StateFields.of(m.getClass())) {
                if (e.get(m) instanceof Module child && seen.add(child)) out.add(child);
            }
            for (Module child : m.registeredModules.values()) if (seen.add(child)) out.add(child);
        }
        return out;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Every parameter object with its dotted name, each once (the first name wins). */
    public LinkedHashMap<String, Parameter> namedParameterObjects() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().localParameters().entrySet()) {
                if (seen.add(p.getValue())) out.put(join(m.getKey(), p.getKey()), p.getValue());
            }
        }
        return out;
    }

    /** Parameter tensors (the leaves optimisers update) with dotted names like {@code features.0.weight}. */
    public LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedParameterObjects().forEach((k, v) -> out.put(k, v.data()));
        return out;
    }

    /** The parameter tensors, each once, in {@link #namedParameters} order: pass them to an optimiser. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    public LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Buffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var m : namedModules().entrySet()) {
            for (var b : m.getValue().localBuffers().entrySet()) {
                if (seen.add(b.getValue())) out.put(join(m.getKey(), b.getKey()), b.getValue().data());
            }
        }
        return out;
    }

    public List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    /** Total number of parameter elements (each shared parameter once). */
    public long numParameters() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /** Number of parameter elements that require grad. */
    public long numTrainableParameters() {
        long n = 0;
        for (Tensor p : parameters()) if (p.requiresGrad()) n += p.numel();
        return n;
    }

    /** Calls {@code fn} on every child (recursively, children first) and then on this module, like PyTorch. */
    public Module apply(Consumer<Module> fn) {
        for (Module child : children()) child.apply(fn);
        fn.accept(this);
        return this;
    }

    // ================================================================ modes and gradients

    /** Sets training mode on this module and all descendants. */
    public Module train(boolean mode) {
        for (Module m : modules()) m.training = mode;
        return this;
    }

    public Module train() {
        return train(true);
    }

    /** Evaluation mode: dropout off, batch norm uses running statistics. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Sets every parameter's gradient to null (PyTorch 2's default, set_to_none=True). */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.setGrad(null);
    }

    /** Freezes (false) or unfreezes (true) every parameter. */
    public Module requiresGrad_(boolean value) {
        for (Parameter p : namedParameterObjects().values()) p.requiresGrad_(value);
        return this;
    }

    // ================================================================ state dict

    /**
     * Parameters and persistent buffers by dotted name, in PyTorch's order (per module:
     * parameters, buffers, then children). Values are detached tensors sharing storage with the
     * model.
     */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        saveState("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void saveState(String prefix, Map<String, Tensor> out, Set<Module> visiting) {
        if (!visiting.add(this)) return;
        localParameters().forEach((k, p) -> out.put(join(prefix, k), p.data().detach()));
        localBuffers().forEach((k, b) -> {
            if (b.persistent()) out.put(join(prefix, k), b.data().detach());
        });
        localModules().forEach((k, m) -> m.saveState(join(prefix, k), out, visiting));
        visiting.remove(this);
    }

    /** What {@link #loadStateDict} did not match. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /**
     * Copies {@code state} into this model's parameters and persistent buffers (in place, so
     * optimisers keep their references; dtypes are converted). Shape mismatches always fail;
     * with {@code strict}, missing and unexpected keys fail too. The error lists every problem.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) missing.add(e.getKey());
            else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add("size mismatch for " + e.getKey() + ": copying a param with shape " + Shape.str(src.shape())
                        + " from checkpoint, the shape in current model is " + Shape.str(e.getValue().shape()) + ".");
            }
        }
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        if (!mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder sb = new StringBuilder("Error(s) in loading state_dict for " + typeName() + ":");
            if (strict && !missing.isEmpty()) sb.append("\n\tMissing key(s) in state_dict: ").append(quoted(missing)).append('.');
            if (strict && !unexpected.isEmpty()) sb.append("\n\tUnexpected key(s) in state_dict: ").append(quoted(unexpected)).append('.');
            for (String m : mismatched) sb.append("\n\t").append(m);
            throw new IllegalArgumentException(sb.toString());
        }
        try (var s = Autograd.noGrad()) {
            for (var e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) e.getValue().copy_(src);
            }
        }
        return new LoadResult(missing, unexpected);
    }

    public LoadResult loadStateDict(Map<String, Tensor> state) {
        return loadStateDict(state, true);
    }

    private static String quoted(List<String> keys) {
        return String.join(", ", keys.stream().map(k -> "\"" + k + "\"").toList());
    }

    // ================================================================ printing

    /**
     * A torchinfo-like table (layer, output shape, #params, totals) from one forward pass of
     * zeros shaped {@code inputShape}, run in eval mode without gradients.
     *
     * <pre>{@code
     * System.out.println(new LeNet5().summary(1, 1, 28, 28));
     * }</pre>
     */
    public String summary(int... inputShape) {
        return ModelSummary.of(this, inputShape);
    }

    /** One-line description of this module's settings, shown inside its repr (PyTorch's extra_repr). */
    public String extraRepr() {
        return "";
    }

    /** The type name shown in reprs and errors. */
    public String typeName() {
        String name = getClass().getSimpleName();
        return name.isEmpty() ? "Module" : name;
    }

    /** PyTorch's module repr: {@code Sequential(\n  (0): Linear(in_features=2, ...)\n)}. */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        String extra = extraRepr();
        List<String> extraLines = extra.isEmpty() ? List.of() : Arrays.asList(extra.split("\n"));
        lines.addAll(extraLines);
        List<String> childLines = new ArrayList<>();
        localModules().forEach((k, m) -> childLines.add("(" + k + "): " + m.toString().replace("\n", "\n  ")));
        lines.addAll(childLines);
        StringBuilder sb = new StringBuilder(typeName()).append('(');
        if (!lines.isEmpty()) {
            if (extraLines.size() == 1 && childLines.isEmpty()) sb.append(extraLines.get(0));
            else sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        }
        return sb.append(')').toString();
    }

    /** Discovered state fields per class, computed once. */
    static final class StateFields {
        record Entry(Field field, String name) {
            Object get(Object owner) {
                try {
                    return field.get(owner);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read field " + field, e);
                }
            }
        }

        private static final ClassValue<List<Entry>> CACHE = new ClassValue<>() {
            @Override
            protected List<Entry> computeValue(Class<?> type) {
                List<Entry> out = new ArrayList<>();
                for (Class<?> c = type; c != null && c != Module.class && c != Object.class; c = c.getSuperclass()) {
                    List<Entry> own = new ArrayList<>();
                    for (Field f : c.getDeclaredFields()) {
                        int mod = f.getModifiers();
                        if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) continue;
                        Class<?> t = f.getType();
                        if (!Parameter.class.isAssignableFrom(t) && !Buffer.class.isAssignableFrom(t) && !Module.class.isAssignableFrom(t)) continue;
                        f.setAccessible(true);
                        Name name = f.getAnnotation(Name.class);
                        own.add(new Entry(f, name != null ? name.value() : f.getName()));
                    }
                    out.addAll(0, own);
                }
                return List.copyOf(out);
            }
        };

        static List<Entry> of(Class<?> type) {
            return CACHE.get(type);
        }
    }
}
