package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of parameters with their own hyper-parameters (PyTorch's {@code param_groups} entry).
 * Hyper-parameters use PyTorch's names ({@code "lr"}, {@code "weight_decay"}, {@code "momentum"},
 * {@code "betas"} as a 2-element {@code List<Double>}, ...); keys not set here take the
 * optimiser's defaults when the group is added. Schedulers store their own keys here too
 * ({@code "initial_lr"}, OneCycleLR's {@code "max_lr"}), as PyTorch does.
 *
 * <pre>{@code
 * var opt = new SGD(List.of(new ParamGroup(backbone.parameters()),
 *                           new ParamGroup(head.parameters()).set("lr", 0.1)),
 *                   new SGD.Options().lr(0.01).momentum(0.9));
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    public ParamGroup(Iterable<Tensor> params) {
        List<Tensor> list = new ArrayList<>();
        params.forEach(list::add);
        this.params = Collections.unmodifiableList(list);
    }

    public List<Tensor> params() {
        return params;
    }

    /** Sets a hyper-parameter (a Number, Boolean, String or List of Numbers). */
    public ParamGroup set(String key, Object value) {
        options.put(key, value);
        return this;
    }

    public boolean has(String key) {
        return options.containsKey(key);
    }

    public Object get(String key) {
        Object v = options.get(key);
        if (v == null && !options.containsKey(key)) {
            throw new IllegalArgumentException("param group has no hyper-parameter '" + key + "'; it has " + options.keySet());
        }
        return v;
    }

    public double getDouble(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public int getInt(String key) {
        return ((Number) get(key)).intValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    /** The {@code "betas"} pair as {@code {beta1, beta2}}. */
    public double[] betas() {
        List<?> b = (List<?>) get("betas");
        return new double[] {((Number) b.get(0)).doubleValue(), ((Number) b.get(1)).doubleValue()};
    }

    public double lr() {
        return getDouble("lr");
    }

    public ParamGroup setLr(double lr) {
        return set("lr", lr);
    }

    /** All hyper-parameters (not the params), read-only. */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }
}
