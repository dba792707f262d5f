package dev.jgrad.nn.init;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Weight initialisers like {@code torch.nn.init}: each fills a tensor in place (without recording
 * gradients) from the given {@link Generator} and returns it.
 *
 * <pre>{@code
 * Init.kaimingNormal_(conv.weight.data(), 0, Init.FanMode.FAN_OUT, "relu", gen);
 * Init.zeros_(conv.bias.data());
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** Which fan the kaiming initialisers preserve the variance of. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /**
     * The recommended gain for a nonlinearity: 1 for linear, the convolutions and sigmoid, 5/3 for tanh,
     * sqrt(2) for relu, sqrt(2 / (1 + slope²)) for leaky_relu (param = slope, default 0.01),
     * 3/4 for selu.
     */
    public static double calculateGain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("calculate_gain: unsupported nonlinearity \"" + nonlinearity + "\"");
        };
    }

    /** Gain with the default parameter (leaky_relu slope 0.01). */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, 0.01);
    }

    /** size(1) × receptive field (kh·kw for a conv weight). */
    public static int fanIn(Tensor t) {
        checkFans("fan_in", t);
        return t.size(1) * receptiveField(t);
    }

    /** size(0) × receptive field. */
    public static int fanOut(Tensor t) {
        checkFans("fan_out", t);
        return t.size(0) * receptiveField(t);
    }

    private static void checkFans(String op, Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(op + ": fan in and fan out can not be computed for tensor with fewer than 2 dimensions, got "
                    + Shape.str(t.shape()));
        }
    }

    private static int receptiveField(Tensor t) {
        int r = 1;
        for (int d = 2; d < t.dim(); d++) r *= t.size(d);
        return r;
    }

    public static Tensor constant_(Tensor t, double value) {
        try (var s = Autograd.noGrad()) {
            return t.fill_(value);
        }
    }

    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0);
    }

    public static Tensor ones_(Tensor t) {
        return constant_(t, 1);
    }

    /** U(low, high). */
    public static Tensor uniform_(Tensor t, double low, double high, Generator gen) {
        try (var s = Autograd.noGrad()) {
            return t.uniform_(low, high, gen);
        }
    }

    /** N(mean, std²). */
    public static Tensor normal_(Tensor t, double mean, double std, Generator gen) {
        try (var s = Autograd.noGrad()) {
            return t.normal_(mean, std, gen);
        }
    }

    /** U(-a, a) with a = gain · sqrt(6 / (fan_in + fan_out)) (Glorot). */
    public static Tensor xavierUniform_(Tensor t, double gain, Generator gen) {
        double std = gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t)));
        double a = Math.sqrt(3.0) * std;
        return uniform_(t, -a, a, gen);
    }

    /** N(0, std²) with std = gain · sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor t, double gain, Generator gen) {
        return normal_(t, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), gen);
    }

    /** std = calculateGain(nonlinearity, a) / sqrt(fan); the bound is sqrt(3) · std. */
    public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, String nonlinearity, Generator gen) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform_(t, -bound, bound, gen);
    }

    /** N(0, std²) with std = calculateGain(nonlinearity, a) / sqrt(fan) (He et al.). */
    public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, String nonlinearity, Generator gen) {
        return normal_(t, 0, kaimingStd(t, a, mode, nonlinearity), gen);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, String nonlinearity) {
        int fan = mode == FanMode.FAN_IN ? fanIn(t) : fanOut(t);
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /** N(0, 1/fan_in): LeCun's initialisation, the lectures' simplified Xavier. */
    public static Tensor lecunNormal_(Tensor t, Generator gen) {
        return normal_(t, 0, 1.0 / Math.sqrt(fanIn(t)), gen);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, shaped like t viewed as (size(0), rest):
     * the Q factor of a Gaussian matrix with R's diagonal made positive, as PyTorch does.
     */
    public static Tensor orthogonal_(Tensor t, double gain, Generator gen) {
        if (t.dim() < 2) throw new IllegalArgumentException("orthogonal_: only tensors with 2 or more dimensions are supported, got " + Shape.str(t.shape()));
        int rows = t.size(0), cols = t.numel() / rows;
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols;   // m >= n: orthonormal columns
        double[] a = Tensors.randn(new int[] {m, n}, gen).to(DType.FLOAT64).toDoubleArray();
        double[] q = orthonormalColumns(a, m, n);
        Tensor result = Tensors.fromArray(q, m, n);
        if (transpose) result = result.t();
        try (var s = Autograd.noGrad()) {
            return t.copy_(result.mul(gain).contiguous().reshape(t.shape()));
        }
    }

    /**
     * Modified Gram-Schmidt on the columns of the row-major (m, n) matrix: the Q of the QR
     * decomposition whose R has a positive diagonal, i.e. PyTorch's sign-corrected Q.
     */
    private static double[] orthonormalColumns(double[] a, int m, int n) {
        double[] q = a.clone();
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[i * n + k] * q[i * n + j];
                for (int i = 0; i < m; i++) q[i * n + j] -= dot * q[i * n + k];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[i * n + j] * q[i * n + j];
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) q[i * n + j] /= norm;
        }
        return q;
    }

    /** The identity for a 2-d tensor (ones on the diagonal of a non-square one too). */
    public static Tensor eye_(Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException("eye_: only 2-dimensional tensors are supported, got " + Shape.str(t.shape()));
        try (var s = Autograd.noGrad()) {
            return t.copy_(Tensors.eye(t.size(0), t.size(1), t.dtype()));
        }
    }

    /** A conv weight (out, in, k...) that passes channel i through unchanged for i < min(out, in). */
    public static Tensor dirac_(Tensor t) {
        if (t.dim() < 3 || t.dim() > 5) throw new IllegalArgumentException("dirac_: only tensors with 3, 4, or 5 dimensions are supported, got " + Shape.str(t.shape()));
        int[] shape = t.shape();
        double[] v = new double[t.numel()];
        int spatial = t.numel() / (shape[0] * shape[1]);
        int centre = 0, stride = 1;
        for (int d = t.dim() - 1; d >= 2; d--) {
            centre += (shape[d] / 2) * stride;
            stride *= shape[d];
        }
        for (int i = 0; i < Math.min(shape[0], shape[1]); i++) v[(i * shape[1] + i) * spatial + centre] = 1;
        try (var s = Autograd.noGrad()) {
            return t.copy_(Tensors.fromArray(v, shape));
        }
    }
}
