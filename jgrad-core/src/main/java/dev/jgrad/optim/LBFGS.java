package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * L-BFGS, a port of PyTorch's {@code torch.optim.LBFGS} (itself after minFunc). Each
 * {@link #step(Supplier)} runs up to {@code max_iter} iterations: the two-loop recursion turns the
 * last {@code history_size} pairs (s = Δp, y = Δg, kept only when yᵀs &gt; 1e-10) into a
 * direction d ≈ −H⁻¹g with initial scaling yᵀs/yᵀy; the step length is {@code lr} (the first
 * iteration ever uses min(1, 1/‖g‖₁)·lr), or comes from the strong-Wolfe line search
 * ({@code line_search_fn = "strong_wolfe"}, c₁ = 1e-4, c₂ = 0.9, at most 25 evaluations). It
 * stops early when max|g| ≤ tolerance_grad, when max|t·d| or the change in loss falls below
 * tolerance_change, or after max_eval evaluations.
 *
 * <p>Full-batch only: the closure must zero the gradients, recompute the loss and call backward.
 * One parameter group only. The flat vectors are kept in double; float32 parameters are
 * updated in float.
 *
 * <pre>{@code
 * var opt = new LBFGS(List.of(x), new LBFGS.Options().lineSearchFn("strong_wolfe"));
 * opt.step(() -> { opt.zeroGrad(); Tensor l = rosenbrock(x); l.backward(); return l; });
 * }</pre>
 * State (on parameter 0, as PyTorch): {@code func_evals}, {@code n_iter} (Long), {@code d},
 * {@code prev_flat_grad} (float64 tensors), {@code t}, {@code H_diag}, {@code prev_loss}
 * (Double), {@code old_dirs}, {@code old_stps} (lists of float64 tensors), {@code ro} (list of
 * Double).
 */
public final class LBFGS extends Optimizer {
    /**
     * Defaults: lr 1, max_iter 20, max_eval max_iter·5/4, tolerance_grad 1e-7,
     * tolerance_change 1e-9, history_size 100, line_search_fn null.
     */
    public static final class Options extends OptimizerOptions<Options> {
        public Options() {
            super("LBFGS", "lr", 1.0, "max_iter", 20, "max_eval", null, "tolerance_grad", 1e-7, "tolerance_change", 1e-9,
                    "history_size", 100, "line_search_fn", null);
        }
        public Options maxIter(int v) { return set("max_iter", v); }
        public Options maxEval(int v) { return set("max_eval", v); }
        public Options toleranceGrad(double v) { return set("tolerance_grad", v); }
        public Options toleranceChange(double v) { return set("tolerance_change", v); }
        public Options historySize(int v) { return set("history_size", v); }
        /** null (fixed step {@code lr}) or {@code "strong_wolfe"}. */
        public Options lineSearchFn(String v) { return set("line_search_fn", v); }
    }

    private final List<Tensor> params;

    public LBFGS(Iterable<Tensor> params, Options options) {
        super("LBFGS", single(params), withMaxEval(options));
        this.params = paramGroups().get(0).params();
    }

    private static Options withMaxEval(Options o) {
        if (o.asMap().get("max_eval") == null) o.set("max_eval", ((Number) o.asMap().get("max_iter")).intValue() * 5 / 4);
        return o;
    }

    @Override
    protected void validate(Map<String, Object> o) {
        Checks.lr(name(), o);
        Object ls = o.get("line_search_fn");
        if (ls != null && !ls.equals("strong_wolfe")) {
            throw new IllegalArgumentException("LBFGS: only 'strong_wolfe' is supported as line_search_fn, got '" + ls + "'");
        }
    }

    @Override
    public void addParamGroup(ParamGroup group) {
        if (!paramGroups().isEmpty()) throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        super.addParamGroup(group);
    }

    @Override
    protected void updateGroup(ParamGroup group) {
        throw new IllegalStateException("LBFGS: step() needs a closure that re-evaluates the loss; call step(closure)");
    }

    /** Runs up to max_iter L-BFGS iterations; returns the loss of the first closure call. */
    @Override
    public Tensor step(Supplier<Tensor> closure) {
        if (closure == null) updateGroup(null);
        ParamGroup group = paramGroups().get(0);
        double lr = group.lr(), toleranceGrad = group.getDouble("tolerance_grad"), toleranceChange = group.getDouble("tolerance_change");
        int maxIter = group.getInt("max_iter"), maxEval = group.getInt("max_eval"), historySize = group.getInt("history_size");
        Object lineSearch = group.get("line_search_fn");
        Map<String, Object> st = stateOf(params.get(0));
        st.putIfAbsent("func_evals", 0L);
        st.putIfAbsent("n_iter", 0L);

        Tensor origLoss = evaluate(closure);
        double loss = origLoss.item();
        int currentEvals = 1;
        st.put("func_evals", (Long) st.get("func_evals") + 1);
        double[] flatGrad = gatherFlatGrad();
        if (maxAbs(flatGrad) <= toleranceGrad) return origLoss;

        double[] d = vector(st.get("d"));
        double t = st.get("t") == null ? 0 : (Double) st.get("t");
        List<double[]> oldDirs = vectors(st.get("old_dirs")), oldStps = vectors(st.get("old_stps"));
        List<Double> ro = doubles(st.get("ro"));
        double hDiag = st.get("H_diag") == null ? 1 : (Double) st.get("H_diag");
        double[] prevFlatGrad = vector(st.get("prev_flat_grad"));
        Double prevLoss = (Double) st.get("prev_loss");

        int nIter = 0;
        try (var s = Autograd.noGrad()) {
            while (nIter < maxIter) {
                nIter++;
                long globalIter = (Long) st.get("n_iter") + 1;
                st.put("n_iter", globalIter);
                if (globalIter == 1) {
                    d = scaled(flatGrad, -1);
                    oldDirs = new ArrayList<>();
                    oldStps = new ArrayList<>();
                    ro = new ArrayList<>();
                    hDiag = 1;
                } else {
                    double[] y = new double[flatGrad.length], sv = scaled(d, t);
                    for (int i = 0; i < y.length; i++) y[i] = flatGrad[i] - prevFlatGrad[i];
                    double ys = StrongWolfe.dot(y, sv);
                    if (ys > 1e-10) {
                        if (oldDirs.size() == historySize) {
                            oldDirs.remove(0);
                            oldStps.remove(0);
                            ro.remove(0);
                        }
                        oldDirs.add(y);
                        oldStps.add(sv);
                        ro.add(1. / ys);
                        hDiag = ys / StrongWolfe.dot(y, y);
                    }
                    d = twoLoop(flatGrad, oldDirs, oldStps, ro, hDiag);
                }
                prevFlatGrad = flatGrad.clone();
                prevLoss = loss;
                if (globalIter == 1) {
                    double l1 = 0;
                    for (double v : flatGrad) l1 += Math.abs(v);
                    t = Math.min(1., 1. / l1) * lr;
                } else {
                    t = lr;
                }
                double gtd = StrongWolfe.dot(flatGrad, d);
                if (gtd > -toleranceChange) break;

                int lsFuncEvals = 0;
                boolean optCond = false;
                if (lineSearch != null) {
                    double[] xInit = cloneParams();
                    StrongWolfe.Result r = StrongWolfe.search((x, tt, dd) -> directionalEvaluate(closure, x, tt, dd),
                            xInit, t, d, loss, flatGrad, gtd, 1e-4, 0.9, toleranceChange, 25);
                    loss = r.loss();
                    flatGrad = r.grad();
                    t = r.t();
                    lsFuncEvals = r.funcEvals();
                    addGrad(t, d);
                    optCond = maxAbs(flatGrad) <= toleranceGrad;
                } else {
                    addGrad(t, d);
                    if (nIter != maxIter) {
                        loss = evaluate(closure).item();
                        flatGrad = gatherFlatGrad();
                        optCond = maxAbs(flatGrad) <= toleranceGrad;
                        lsFuncEvals = 1;
                    }
                }
                currentEvals += lsFuncEvals;
                st.put("func_evals", (Long) st.get("func_evals") + lsFuncEvals);

                if (nIter == maxIter) break;
                if (currentEvals >= maxEval) break;
                if (optCond) break;
                if (maxAbs(d) * Math.abs(t) <= toleranceChange) break;
                if (Math.abs(loss - prevLoss) < toleranceChange) break;
            }
        }
        st.put("d", tensor(d));
        st.put("t", t);
        st.put("old_dirs", tensors(oldDirs));
        st.put("old_stps", tensors(oldStps));
        st.put("ro", ro);
        st.put("H_diag", hDiag);
        st.put("prev_flat_grad", tensor(prevFlatGrad));
        st.put("prev_loss", prevLoss);
        return origLoss;
    }

    /** The two-loop recursion: d = −H·g from the stored pairs. */
    private static double[] twoLoop(double[] g, List<double[]> dirs, List<double[]> stps, List<Double> ro, double hDiag) {
        int numOld = dirs.size();
        double[] al = new double[numOld];
        double[] q = scaled(g, -1);
        for (int i = numOld - 1; i >= 0; i--) {
            al[i] = StrongWolfe.dot(stps.get(i), q) * ro.get(i);
            axpy(-al[i], dirs.get(i), q);
        }
        double[] r = scaled(q, hDiag);
        for (int i = 0; i < numOld; i++) {
            double be = StrongWolfe.dot(dirs.get(i), r) * ro.get(i);
            axpy(al[i] - be, stps.get(i), r);
        }
        return r;
    }

    private Tensor evaluate(Supplier<Tensor> closure) {
        try (var s = Autograd.enableGrad()) {
            return closure.get();
        }
    }

    private StrongWolfe.Evaluation directionalEvaluate(Supplier<Tensor> closure, double[] x, double t, double[] d) {
        addGrad(t, d);
        double loss = evaluate(closure).item();
        double[] g = gatherFlatGrad();
        setParams(x);
        return new StrongWolfe.Evaluation(loss, g);
    }

    private double[] gatherFlatGrad() {
        int n = 0;
        for (Tensor p : params) n += p.numel();
        double[] out = new double[n];
        int off = 0;
        for (Tensor p : params) {
            if (p.grad() != null) System.arraycopy(p.grad().contiguous().toDoubleArray(), 0, out, off, p.numel());
            off += p.numel();
        }
        return out;
    }

    /** p ← p + t·update, parameter by parameter. */
    private void addGrad(double t, double[] update) {
        int off = 0;
        for (Tensor p : params) {
            final int base = off;
            Elements.updateInPlace(p, e -> {
                double tS = e.r(t);
                for (int i = 0; i < e.size; i++) e.set(i, e.get(i) + tS * e.r(update[base + i]));
            });
            off += p.numel();
        }
    }

    private double[] cloneParams() {
        int n = 0;
        for (Tensor p : params) n += p.numel();
        double[] out = new double[n];
        int off = 0;
        for (Tensor p : params) {
            System.arraycopy(p.contiguous().toDoubleArray(), 0, out, off, p.numel());
            off += p.numel();
        }
        return out;
    }

    private void setParams(double[] x) {
        int off = 0;
        for (Tensor p : params) {
            final int base = off;
            Elements.updateInPlace(p, e -> {
                for (int i = 0; i < e.size; i++) e.set(i, x[base + i]);
            });
            off += p.numel();
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double[] scaled(double[] v, double a) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * a;
        return out;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    private static Tensor tensor(double[] v) {
        return v == null ? null : Tensors.fromArray(v.clone(), v.length);
    }

    private static List<Tensor> tensors(List<double[]> vs) {
        if (vs == null) return null;
        List<Tensor> out = new ArrayList<>();
        for (double[] v : vs) out.add(tensor(v));
        return out;
    }

    private static double[] vector(Object t) {
        return t == null ? null : ((Tensor) t).to(dev.jgrad.tensor.DType.FLOAT64).toDoubleArray();
    }

    private static List<double[]> vectors(Object ts) {
        if (ts == null) return null;
        List<double[]> out = new ArrayList<>();
        for (Object t : (List<?>) ts) out.add(vector(t));
        return out;
    }

    private static List<Double> doubles(Object ds) {
        if (ds == null) return null;
        List<Double> out = new ArrayList<>();
        for (Object d : (List<?>) ds) out.add(((Number) d).doubleValue());
        return out;
    }
}
