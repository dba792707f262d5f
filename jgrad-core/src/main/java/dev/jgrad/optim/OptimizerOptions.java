package dev.jgrad.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimiser's default hyper-parameters, keyed by PyTorch's names. Each optimiser's
 * {@code Options} subclass starts from PyTorch's defaults and adds typed fluent setters;
 * {@link #set} takes any known key (handy for configuration files).
 *
 * @param <O> the concrete options type, returned by the fluent setters
 */
public abstract class OptimizerOptions<O extends OptimizerOptions<O>> {
    private final String optimizer;
    private final Map<String, Object> values = new LinkedHashMap<>();

    protected OptimizerOptions(String optimizer, Object... keyValues) {
        this.optimizer = optimizer;
        for (int i = 0; i < keyValues.length; i += 2) values.put((String) keyValues[i], keyValues[i + 1]);
    }

    /** Sets hyper-parameter {@code key}, which must be one this optimiser knows. */
    @SuppressWarnings("unchecked")
    public O set(String key, Object value) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(optimizer + ": unknown hyper-parameter '" + key + "'; expected one of " + values.keySet());
        }
        Object current = values.get(key);
        if (key.equals("betas") && value instanceof List<?> l) value = List.of(((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue());
        else if (value instanceof Number n && current instanceof Double) value = n.doubleValue();
        else if (value instanceof Number n && current instanceof Integer) value = n.intValue();
        values.put(key, value);
        return (O) this;
    }

    /** Sets every entry of {@code kwargs} (PyTorch keyword names). */
    public O setAll(Map<String, ?> kwargs) {
        kwargs.forEach(this::set);
        @SuppressWarnings("unchecked") O self = (O) this;
        return self;
    }

    public O lr(double lr) {
        return set("lr", lr);
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
