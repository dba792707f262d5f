package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

import java.util.Iterator;
import java.util.List;

/**
 * Modules applied one after the other, named "0", "1", ... like PyTorch's {@code nn.Sequential}
 * (so state-dict keys are {@code 0.weight}, {@code 3.bias}, ...).
 *
 * <pre>{@code
 * var mlp = new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
 * Tensor logits = mlp.call(images);
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {
    private int size;

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module under the next index and returns this. */
    public Sequential add(Module module) {
        registerModule(Integer.toString(size++), module);
        return this;
    }

    public Module get(int index) {
        if (index < 0) index += size;
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(typeName() + ": index " + index + " out of range for " + size + " modules");
        return namedChildren().get(Integer.toString(index));
    }

    public int size() {
        return size;
    }

    /**
     * Calls the modules in order. A batch norm directly followed by a ReLU, neither with hooks, runs
     * as one fused step ({@link BatchNorm#callRelu}): same result, one pass less over the activations.
     * So does a ReLU (without hooks) directly followed by a max pool ({@link MaxPool2d#callAfterRelu}).
     * Without gradients, each intermediate activation is freed once the next module has consumed it
     * ({@link Intermediates}).
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        List<Module> modules = List.copyOf(namedChildren().values());
        try (Intermediates act = Intermediates.open(this, input)) {
            for (int i = 0; i < modules.size(); i++) {
                Module m = modules.get(i);
                Module next = i + 1 < modules.size() ? modules.get(i + 1) : null;
                if (m instanceof BatchNorm bn && next != null && next.getClass() == ReLU.class && !next.hasHooks()) {
                    x = act.free(x, bn.callRelu(x));
                    i++;
                } else if (m.getClass() == ReLU.class && !m.hasHooks() && next instanceof MaxPool2d pool) {
                    x = act.free(x, pool.callAfterRelu(x));
                    i++;
                } else {
                    x = act.free(x, m.call(x));
                }
            }
        }
        return x;
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}
