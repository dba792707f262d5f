package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Damped Newton's method for small problems (a teaching optimiser):
 * <pre>
 * g ← ∇f(p),  H ← ∇²f(p)   (both of the flattened parameters, by double backward)
 * p ← p − lr·(H + damping·I)⁻¹·g
 * </pre>
 * The system is solved by Cholesky when H + damping·I is positive definite, else by LU with
 * partial pivoting (then the step need not be a descent direction). On a quadratic with lr 1 and
 * no damping one step lands on the minimum. Cost: one backward per parameter element, so keep
 * problems to a few hundred parameters.
 *
 * <p>The closure must return the loss <em>with its graph</em> and must not call backward itself
 * (Newton differentiates it twice):
 * <pre>{@code
 * var newton = new Newton(List.of(w), new Newton.Options().damping(1e-3));
 * newton.step(() -> loss(w));
 * }</pre>
 * No state.
 */
public final class Newton extends Optimizer {
    /** Defaults: lr 1, damping 0. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options() {
            super("Newton", "lr", 1.0, "damping", 0.0);
        }
        public Options damping(double v) { return set("damping", v); }
    }

    public Newton(Iterable<Tensor> params, Options options) {
        super("Newton", single(params), options);
    }

    @Override
    protected void validate(Map<String, Object> o) {
        Checks.lr(name(), o);
        Checks.nonNegative(name(), o, "damping", "damping value");
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        throw new IllegalStateException("Newton: step() needs a closure returning the loss (with its graph); call step(closure)");
    }

    /** One Newton step for every group; returns the loss before the step. */
    @Override
    public Tensor step(Supplier<Tensor> closure) {
        if (closure == null) updateGroup(null);
        ParamGroup group = paramGroups().get(0);
        List<Tensor> params = group.params();
        Tensor loss;
        double[] grad;
        double[][] hessian;
        try (var s = Autograd.enableGrad()) {
            loss = closure.get();
            Tensor[] ps = params.toArray(new Tensor[0]);
            Tensor[] gs = Autograd.grad(new Tensor[] {loss}, ps, null, true, true, true);
            List<Tensor> flat = new ArrayList<>();
            for (int i = 0; i < ps.length; i++) flat.add((gs[i] == null ? Tensors.zerosLike(ps[i]) : gs[i]).reshape(-1));
            Tensor g = Tensors.cat(flat, 0);
            int n = g.numel();
            grad = g.detach().to(dev.jgrad.tensor.DType.FLOAT64).toDoubleArray();
            hessian = new double[n][];
            for (int i = 0; i < n; i++) {
                Tensor[] rows = Autograd.grad(new Tensor[] {g.select(0, i)}, ps, null, true, false, true);
                hessian[i] = new double[n];
                int off = 0;
                for (int k = 0; k < ps.length; k++) {
                    if (rows[k] != null) System.arraycopy(rows[k].contiguous().to(dev.jgrad.tensor.DType.FLOAT64).toDoubleArray(), 0, hessian[i], off, ps[k].numel());
                    off += ps[k].numel();
                }
            }
        }
        double damping = group.getDouble("damping"), lr = group.lr();
        for (int i = 0; i < hessian.length; i++) hessian[i][i] += damping;
        double[] step = LinearSolve.solve(hessian, grad);
        try (var s = Autograd.noGrad()) {
            int off = 0;
            for (Tensor p : params) {
                Tensor delta = Tensors.fromArray(java.util.Arrays.copyOfRange(step, off, off + p.numel()), p.shape()).to(p.dtype());
                p.sub_(delta.mul(lr));
                off += p.numel();
            }
        }
        return loss.detach();
    }
}
