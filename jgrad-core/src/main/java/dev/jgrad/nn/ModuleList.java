package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

import java.util.Iterator;
import java.util.List;

/**
 * An indexable list of submodules whose parameters are registered ("0", "1", ...), for models
 * that loop over layers themselves.
 *
 * <pre>{@code
 * final ModuleList blocks = new ModuleList(new Linear(4, 4), new Linear(4, 4));
 * for (Module b : blocks) x = b.call(x).relu();
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {
    private int size;

    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    public ModuleList(List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    public ModuleList add(Module module) {
        registerModule(Integer.toString(size++), module);
        return this;
    }

    public Module get(int index) {
        if (index < 0) index += size;
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("ModuleList: index " + index + " out of range for " + size + " modules");
        return namedChildren().get(Integer.toString(index));
    }

    public int size() {
        return size;
    }

    /** Not callable, like PyTorch's ModuleList: iterate over it instead. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("ModuleList has no forward; iterate over its modules");
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}
