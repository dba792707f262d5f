package dev.jgrad.autograd;

import dev.jgrad.tensor.Tensor;

import java.util.HashMap;
import java.util.Map;

/** What a {@link Function} keeps between forward and backward. */
public final class Context {
    private final boolean[] needsInputGrad;
    private Tensor[] saved = new Tensor[0];
    private Tensor[] unpacked;
    private final Map<String, Object> values = new HashMap<>();

    Context(Tensor[] inputs) {
        needsInputGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needsInputGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
    }

    /** Saves tensors for backward; changing them in place before backward is an error. */
    public void saveForBackward(Tensor... tensors) {
        saved = tensors.clone();
    }

    /** The saved tensors, checked against in-place changes since they were saved. */
    public Tensor[] savedTensors() {
        if (unpacked == null) throw new IllegalStateException("savedTensors: only available in backward");
        return unpacked.clone();
    }

    /** Whether input i needs a gradient (skip computing the others). */
    public boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /** Keeps a non-tensor value (a shape, a flag) for backward. */
    public void put(String key, Object value) {
        values.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) values.get(key);
    }

    Tensor[] saved() {
        return saved;
    }

    void unpack(Tensor[] checked) {
        unpacked = checked;
    }
}
