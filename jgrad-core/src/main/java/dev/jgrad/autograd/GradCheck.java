package dev.jgrad.autograd;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Compares analytical gradients with central finite differences in float64, with PyTorch's
 * defaults (eps 1e-6, atol 1e-5, rtol 1e-3). A failure throws {@link GradcheckError} naming the
 * input, the worst element, and its analytical and numerical values.
 */
public final class GradCheck {
    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    private GradCheck() {}

    /** Thrown when analytical and numerical Jacobians disagree. */
    public static final class GradcheckError extends AssertionError {
        GradcheckError(String message) {
            super(message);
        }
    }

    public static void gradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        gradcheck(f, inputs, EPS, ATOL, RTOL);
    }

    public static void gradcheck(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].requiresGrad() && inputs[i].dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck: input " + i + " is " + inputs[i].describe()
                        + "; use float64 inputs (float32 is too imprecise for finite differences)");
            }
        }
        Tensor out = evaluate(f, inputs);
        int m = out.numel();
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (!x.requiresGrad()) continue;
            int n = x.numel();
            double[][] numerical = numericalJacobian(f, inputs, x, m, eps);
            double[][] analytical = analyticalJacobian(f, inputs, i, m, n);
            compare("gradcheck", i, x, numerical, analytical, atol, rtol);
        }
    }

    /**
     * Checks second derivatives: the gradient of {@code sum(f(inputs) * v)} (built with
     * createGraph) must itself pass gradcheck, as a function of the inputs and v.
     */
    public static void gradgradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor out = evaluate(f, inputs);
        Generator gen = new Generator(42);
        Tensor v = Tensors.randn(out.shape(), gen).to(DType.FLOAT64).requiresGrad_(true);
        int k = inputs.length;
        Tensor[] all = new Tensor[k + 1];
        System.arraycopy(inputs, 0, all, 0, k);
        all[k] = v;
        Function<Tensor[], Tensor> firstDerivative = xs -> {
            Tensor[] ins = java.util.Arrays.copyOf(xs, k);
            Tensor y = f.apply(ins);
            List<Tensor> diff = new ArrayList<>();
            for (Tensor t : ins) if (t.requiresGrad()) diff.add(t);
            Tensor[] gs = Autograd.grad(new Tensor[] {y}, diff.toArray(Tensor[]::new), new Tensor[] {xs[k]}, true, true, true);
            List<Tensor> flat = new ArrayList<>();
            for (int j = 0; j < gs.length; j++) {
                Tensor g = gs[j] == null ? Tensors.zerosLike(diff.get(j)) : gs[j];
                flat.add(g.reshape(-1));
            }
            return Tensors.cat(flat, 0);
        };
        gradcheck(firstDerivative, all);
    }

    private static Tensor evaluate(Function<Tensor[], Tensor> f, Tensor[] inputs) {
        try (var scope = Autograd.enableGrad()) {
            return f.apply(inputs);
        }
    }

    private static double[][] numericalJacobian(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor x, int m, double eps) {
        int n = x.numel();
        int[] offsets = storageOffsets(x);
        Storage st = x.storage();
        double[][] jac = new double[n][m];
        // Evaluated with grad mode on: f may itself take gradients (gradgradcheck).
        for (int j = 0; j < n; j++) {
            double orig = st.getDouble(offsets[j]);
            st.setDouble(offsets[j], orig + eps);
            double[] plus = evaluate(f, inputs).toDoubleArray();
            st.setDouble(offsets[j], orig - eps);
            double[] minus = evaluate(f, inputs).toDoubleArray();
            st.setDouble(offsets[j], orig);
            for (int r = 0; r < m; r++) jac[j][r] = (plus[r] - minus[r]) / (2 * eps);
        }
        return jac;
    }

    private static double[][] analyticalJacobian(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, int m, int n) {
        double[][] jac = new double[n][m];
        for (int r = 0; r < m; r++) {
            Tensor out = evaluate(f, inputs);
            if (!out.requiresGrad()) return jac;
            double[] unit = new double[m];
            unit[r] = 1;
            Tensor g = Tensors.fromArray(unit, out.shape()).to(out.dtype());
            Tensor[] gs = Autograd.grad(new Tensor[] {out}, new Tensor[] {inputs[which]}, new Tensor[] {g}, false, false, true);
            if (gs[0] == null) continue;
            double[] col = gs[0].toDoubleArray();
            for (int j = 0; j < n; j++) jac[j][r] = col[j];
        }
        return jac;
    }

    private static void compare(String what, int input, Tensor x, double[][] numerical, double[][] analytical, double atol, double rtol) {
        double worst = 0;
        int wj = -1, wr = -1;
        for (int j = 0; j < numerical.length; j++) {
            for (int r = 0; r < numerical[j].length; r++) {
                double a = analytical[j][r], nu = numerical[j][r];
                double excess = Math.abs(a - nu) - (atol + rtol * Math.abs(nu));
                if (!(excess <= 0) && (wj < 0 || !(excess <= worst))) {
                    worst = excess;
                    wj = j;
                    wr = r;
                }
            }
        }
        if (wj >= 0) {
            throw new GradcheckError(String.format(Locale.ROOT,
                    "%s: Jacobian mismatch for input %d %s at input element %d, output element %d: numerical %.10g, analytical %.10g "
                            + "(|diff| %.3g > atol %.1g + rtol %.1g * |numerical|)",
                    what, input, x.describe(), wj, wr, numerical[wj][wr], analytical[wj][wr],
                    Math.abs(numerical[wj][wr] - analytical[wj][wr]), atol, rtol));
        }
    }

    /** The storage index of each element in row-major logical order. */
    private static int[] storageOffsets(Tensor x) {
        int n = x.numel();
        int[] shape = x.shape(), strides = x.stride();
        int[] out = new int[n];
        int[] idx = new int[shape.length];
        for (int e = 0; e < n; e++) {
            int o = x.storageOffset();
            for (int d = 0; d < shape.length; d++) o += idx[d] * strides[d];
            out[e] = o;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }
}
