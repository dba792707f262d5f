package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep copies of optimiser and scheduler state values (tensors are cloned, containers rebuilt). */
public final class StateCopies {
    private StateCopies() {}

    public static Object copy(Object v) {
        if (v instanceof Tensor t) return t.detach().clone();
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(copy(x));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, copy(x)));
            return out;
        }
        return v;
    }

    public static Map<String, Object> copyMap(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(k, copy(x)));
        return out;
    }
}
