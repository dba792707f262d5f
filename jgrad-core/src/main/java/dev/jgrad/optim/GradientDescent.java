package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Plain (full-batch) gradient descent, the teaching baseline: {@code p ← p − lr·∇f(p)}. It is
 * {@link SGD} without momentum or weight decay; used with the gradient of the whole data set it
 * is the classical method, with a mini-batch gradient it is vanilla SGD.
 *
 * <pre>{@code
 * var gd = new GradientDescent(List.of(w), 0.1);
 * }</pre>
 * No state.
 */
public final class GradientDescent extends Optimizer {
    /** Defaults: lr 1e-2. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options() {
            super("GradientDescent", "lr", 1e-2);
        }
    }

    public GradientDescent(Iterable<Tensor> params, double lr) {
        this(single(params), new Options().lr(lr));
    }

    public GradientDescent(List<ParamGroup> groups, Options defaults) {
        super("GradientDescent", groups, defaults);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        Checks.lr(name(), o);
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        double lr = group.lr();
        forEachParamWithGrad(group, (param, p, g, st) -> {
            double step = p.r(-lr);
            for (int i = 0; i < p.size; i++) p.set(i, p.get(i) + step * g.get(i));
        });
    }

    @Override
    protected Map<String, Object> stateOf(Tensor p) {
        return new java.util.HashMap<>();
    }
}
