package dev.jgrad.nn.functional;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

import static dev.jgrad.autograd.Node.grads;
import static dev.jgrad.autograd.Node.inputs;
import static dev.jgrad.autograd.Node.saved;

/**
 * Batch normalisation with batch statistics, fused: per-channel mean and biased variance, one
 * normalise-and-scale pass, and the hand-written backward
 * dx = γ·invstd/M · (M·g − Σg − x̂·Σ(g·x̂)), dγ = Σ(g·x̂), dβ = Σg (sums over the M = N·spatial
 * values of a channel). When the backward itself is recorded (createGraph), it is computed with
 * tensor ops instead, so second derivatives work too. Float32 input may be fused with a following
 * ReLU ({@code relu}): the output is clamped in the same pass, and the backward masks g by it.
 */
final class BatchNormTraining {
    private BatchNormTraining() {}

    /**
     * x is (N, C, S...) with C channels and M values per channel; weight and bias may be null;
     * relu returns relu(batch_norm(x)) and needs float32 input (callers compose the two otherwise).
     */
    static Tensor apply(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, double momentum, double eps,
                        boolean relu) {
        int n = x.size(0), c = x.size(1), spatial = x.numel() / Math.max(1, n * c), m = n * spatial;
        Tensor xc = x.contiguous();
        Storage xs = xc.storage();
        int xOff = xc.storageOffset();
        double[] gamma = weight == null ? null : weight.detach().to(DType.FLOAT64).contiguous().toDoubleArray();
        double[] beta = bias == null ? null : bias.detach().to(DType.FLOAT64).contiguous().toDoubleArray();
        double[] mean = new double[c], invstd = new double[c], variance = new double[c];
        Storage out = Storage.allocateForOverwrite(x.dtype(), x.numel());
        if (xs instanceof Storage.F32 xf) {
            ChannelKernels.forwardTraining(xf.data, xOff, n, c, spatial, gamma, beta, eps, relu, ((Storage.F32) out).data, mean,
                    variance, invstd);
        } else {
            forwardGeneric(xs, xOff, n, c, spatial, gamma, beta, eps, out, mean, variance, invstd);
        }
        updateRunningStats(runningMean, runningVar, mean, variance, m, momentum);
        Tensor y = Tensor.of(out, x.shape());
        boolean hasWeight = weight != null, hasBias = bias != null;
        return Node.record(relu ? "batch_norm_relu" : "batch_norm", y, inputs(x, weight, bias), relu ? saved(x, weight, y) : saved(x, weight),
                (g, saved) -> GradMode.isEnabled()
                        ? differentiableBackward(relu ? Tensor.reluBackward(g, saved[2]) : g, saved[0], saved[1], eps, hasBias)
                        : backward(g, saved[0], relu ? saved[2] : null, gamma, mean, invstd, n, c, spatial, hasWeight, hasBias));
    }

    private static void forwardGeneric(Storage xs, int xOff, int n, int c, int spatial, double[] gamma, double[] beta, double eps,
                                       Storage out, double[] mean, double[] variance, double[] invstd) {
        int m = n * spatial;
        Parallel.forRange(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    int base = xOff + (i * c + ch) * spatial;
                    for (int s = 0; s < spatial; s++) sum += xs.getDouble(base + s);
                }
                double mu = sum / m, squares = 0;
                for (int i = 0; i < n; i++) {
                    int base = xOff + (i * c + ch) * spatial;
                    for (int s = 0; s < spatial; s++) {
                        double d = xs.getDouble(base + s) - mu;
                        squares += d * d;
                    }
                }
                mean[ch] = mu;
                variance[ch] = squares / m;
                invstd[ch] = 1 / Math.sqrt(squares / m + eps);
                double scale = invstd[ch] * (gamma == null ? 1 : gamma[ch]), shift = beta == null ? 0 : beta[ch];
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * spatial;
                    for (int s = 0; s < spatial; s++) out.setDouble(base + s, (xs.getDouble(xOff + base + s) - mu) * scale + shift);
                }
            }
        });
    }

    private static void updateRunningStats(Tensor runningMean, Tensor runningVar, double[] mean, double[] variance, int m,
                                           double momentum) {
        try (var scope = Autograd.noGrad()) {
            if (runningMean != null) {
                Tensor batch = Tensors.fromArray(mean, mean.length).to(runningMean.dtype());
                runningMean.mul_(1 - momentum).add_(batch.mul(momentum));
            }
            if (runningVar != null) {
                double[] unbiased = new double[variance.length];
                for (int i = 0; i < unbiased.length; i++) unbiased[i] = variance[i] * m / (m - 1);
                Tensor batch = Tensors.fromArray(unbiased, unbiased.length).to(runningVar.dtype());
                runningVar.mul_(1 - momentum).add_(batch.mul(momentum));
            }
        }
    }

    /** The same backward rule written with tensor ops, recomputing the statistics from x. */
    private static Tensor[] differentiableBackward(Tensor g, Tensor x, Tensor weight, double eps, boolean hasBias) {
        int[] dims = new int[x.dim() - 1];
        for (int i = 0; i < dims.length; i++) dims[i] = i == 0 ? 0 : i + 1;
        int[] view = new int[x.dim()];
        Arrays.fill(view, 1);
        view[1] = x.size(1);
        int m = x.numel() / x.size(1);
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor invstd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
        Tensor xhat = centered.mul(invstd);
        Tensor sumG = g.sum(dims, true), sumGXhat = g.mul(xhat).sum(dims, true);
        Tensor scale = weight == null ? invstd.div(m) : invstd.mul(weight.reshape(view)).div(m);
        Tensor dx = scale.mul(g.mul(m).sub(sumG).sub(xhat.mul(sumGXhat)));
        return grads(dx, weight == null ? null : sumGXhat.reshape(-1), hasBias ? sumG.reshape(-1) : null);
    }

    /** reluOut: the fused ReLU's output (float32, contiguous, as created by apply), or null. */
    private static Tensor[] backward(Tensor grad, Tensor x, Tensor reluOut, double[] gamma, double[] mean, double[] invstd, int n, int c,
                                     int spatial, boolean hasWeight, boolean hasBias) {
        Tensor gc = grad.contiguous().to(x.dtype()), xc = x.contiguous();
        Storage gs = gc.storage(), xs = xc.storage();
        int gOff = gc.storageOffset(), xOff = xc.storageOffset();
        Storage dx = Storage.allocateForOverwrite(x.dtype(), x.numel());
        double[] sumG = new double[c], sumGXhat = new double[c];
        if (gs instanceof Storage.F32 gf && xs instanceof Storage.F32 xf) {
            float[] mask = reluOut == null ? null : ((Storage.F32) reluOut.storage()).data;
            ChannelKernels.backwardTraining(gf.data, gOff, xf.data, xOff, n, c, spatial, gamma, mean, invstd, mask,
                    ((Storage.F32) dx).data, sumG, sumGXhat);
        } else {
            backwardGeneric(gs, gOff, xs, xOff, n, c, spatial, gamma, mean, invstd, dx, sumG, sumGXhat);
        }
        Tensor dWeight = hasWeight ? Tensors.fromArray(sumGXhat, c).to(x.dtype()) : null;
        Tensor dBias = hasBias ? Tensors.fromArray(sumG, c).to(x.dtype()) : null;
        return grads(Tensor.of(dx, x.shape()), dWeight, dBias);
    }

    private static void backwardGeneric(Storage gs, int gOff, Storage xs, int xOff, int n, int c, int spatial, double[] gamma,
                                        double[] mean, double[] invstd, Storage dx, double[] sumG, double[] sumGXhat) {
        int m = n * spatial;
        Parallel.forRange(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double mu = mean[ch], is = invstd[ch], sg = 0, sgx = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * spatial;
                    for (int s = 0; s < spatial; s++) {
                        double g = gs.getDouble(gOff + base + s);
                        sg += g;
                        sgx += g * (xs.getDouble(xOff + base + s) - mu) * is;
                    }
                }
                sumG[ch] = sg;
                sumGXhat[ch] = sgx;
                double scale = (gamma == null ? 1 : gamma[ch]) * is / m;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * spatial;
                    for (int s = 0; s < spatial; s++) {
                        double xhat = (xs.getDouble(xOff + base + s) - mu) * is;
                        dx.setDouble(base + s, scale * (m * gs.getDouble(gOff + base + s) - sg - xhat * sgx));
                    }
                }
            }
        });
    }
}
