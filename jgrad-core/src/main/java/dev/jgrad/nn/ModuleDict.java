package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

import java.util.Map;
import java.util.Set;

/**
 * Submodules by name, in insertion order, registered under those names.
 *
 * <pre>{@code
 * final ModuleDict heads = new ModuleDict(Map.of("cls", new Linear(64, 10)));
 * Tensor logits = heads.get("cls").call(features);
 * }</pre>
 */
public class ModuleDict extends Module {
    public ModuleDict() {}

    /** Registers the entries in the map's iteration order (use a LinkedHashMap to fix it). */
    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    public ModuleDict put(String name, Module module) {
        registerModule(name, module);
        return this;
    }

    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) throw new IllegalArgumentException("ModuleDict: no module named \"" + name + "\"; keys are " + keys());
        return m;
    }

    public Set<String> keys() {
        return namedChildren().keySet();
    }

    public int size() {
        return keys().size();
    }

    /** Not callable, like PyTorch's ModuleDict: pick a module with {@link #get}. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleDict has no forward; call one of its modules");
    }
}
