package dev.jgrad.nn.functional;

import dev.jgrad.autograd.GradMode;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Differentiable normalisation layers' maths with PyTorch's semantics: batch, layer, group,
 * instance and local response normalisation. Batch norm in training is a fused op; the others
 * are compositions of tensor ops (so their gradients of any order come for free).
 *
 * <pre>{@code
 * Tensor y = Normalization.batchNorm(x, runningMean, runningVar, gamma, beta, true, 0.1, 1e-5);
 * }</pre>
 */
public final class Normalization {
    private Normalization() {}

    /**
     * Batch normalisation of x (N, C), (N, C, L) or (N, C, H, W) per channel C. In training it
     * normalises with the batch mean and biased variance and, when given, updates the running
     * statistics in place: running = (1 - momentum) * running + momentum * batch, with the
     * unbiased batch variance for runningVar. In evaluation it uses the running statistics.
     * weight (γ) and bias (β) are optional (C) vectors.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
                                   double momentum, double eps) {
        return batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, false);
    }

    /**
     * relu(batchNorm(...)) with the same arguments and results; for float32 input the ReLU is fused
     * into the normalisation (one pass over the activations instead of two, each way).
     */
    public static Tensor batchNormRelu(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
                                       double momentum, double eps) {
        if (x.dtype() != DType.FLOAT32) return batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps).relu();
        return batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, true);
    }

    /** relu (float32 only): relu(batch_norm(x)), fused where a fast path exists, else composed. */
    private static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
                                    double momentum, double eps, boolean relu) {
        String op = "batch_norm";
        if (x.dim() < 2) throw new IllegalArgumentException(op + ": expected input (N, C, *), got " + Shape.str(x.shape()));
        if (!x.dtype().isFloatingPoint()) throw new IllegalArgumentException(op + ": expected a floating point input, got " + x.describe());
        int c = x.size(1);
        checkChannelVector(op, "running_mean", runningMean, c);
        checkChannelVector(op, "running_var", runningVar, c);
        checkChannelVector(op, "weight", weight, c);
        checkChannelVector(op, "bias", bias, c);
        if (training) {
            if (x.numel() / c <= 1) {
                throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input size "
                        + Shape.str(x.shape()));
            }
            return BatchNormTraining.apply(x, runningMean, runningVar, weight, bias, momentum, eps, relu);
        }
        if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException(op + ": running_mean and running_var must be given in evaluation mode");
        }
        if (x.dtype() == DType.FLOAT32 && !recordsGraph(x, runningMean, runningVar, weight, bias)) {
            return fixedStatistics(x, runningMean, runningVar, weight, bias, eps, relu);
        }
        int[] view = channelView(x);
        Tensor y = affine(x.sub(runningMean.reshape(view)).mul(runningVar.reshape(view).add(eps).rsqrt()), weight, bias, view);
        return relu ? y.relu() : y;
    }

    /**
     * Layer normalisation over the trailing dims given by {@code normalizedShape} (biased
     * variance); weight and bias, when given, have that shape.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String op = "layer_norm";
        int k = normalizedShape.length;
        int[] shape = x.shape();
        boolean matches = k > 0 && k <= shape.length
                && Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape);
        if (!matches) {
            throw new IllegalArgumentException(op + ": given normalized_shape " + Arrays.toString(normalizedShape) + ", expected input with shape [*, "
                    + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "") + "], but got input of size " + Shape.str(shape));
        }
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null && !Arrays.equals(t.shape(), normalizedShape)) {
                throw new IllegalArgumentException(op + ": expected weight and bias of shape " + Arrays.toString(normalizedShape) + ", got "
                        + Shape.str(t.shape()));
            }
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = shape.length - k + i;
        Tensor y = standardize(x, dims, eps);
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    /**
     * Group normalisation of x (N, C, *): the C channels are split into {@code numGroups}
     * groups, each normalised over its channels and spatial positions; weight and bias are (C).
     */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        String op = "group_norm";
        if (x.dim() < 2) throw new IllegalArgumentException(op + ": expected input (N, C, *), got " + Shape.str(x.shape()));
        int n = x.size(0), c = x.size(1);
        if (numGroups <= 0 || c % numGroups != 0) {
            throw new IllegalArgumentException(op + ": expected number of channels in input to be divisible by num_groups, but got input of shape "
                    + Shape.str(x.shape()) + " and num_groups=" + numGroups);
        }
        checkChannelVector(op, "weight", weight, c);
        checkChannelVector(op, "bias", bias, c);
        Tensor y = standardize(x.reshape(n, numGroups, -1), new int[] {2}, eps).reshape(x.shape());
        return affine(y, weight, bias, channelView(x));
    }

    /**
     * Instance normalisation of x (N, C, *): each (sample, channel) plane is normalised over its
     * spatial positions; weight and bias are optional (C) vectors.
     */
    public static Tensor instanceNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        String op = "instance_norm";
        if (x.dim() < 3) throw new IllegalArgumentException(op + ": expected input (N, C, *) with spatial dims, got " + Shape.str(x.shape()));
        checkChannelVector(op, "weight", weight, x.size(1));
        checkChannelVector(op, "bias", bias, x.size(1));
        int[] dims = new int[x.dim() - 2];
        for (int i = 0; i < dims.length; i++) dims[i] = i + 2;
        return affine(standardize(x, dims, eps), weight, bias, channelView(x));
    }

    /**
     * Local response normalisation across channels of x (N, C, *):
     * y = x / (k + alpha / size * sum of x^2 over the {@code size} neighbouring channels)^beta,
     * the window [c - size/2, c + (size-1)/2] zero padded, like PyTorch.
     */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        String op = "local_response_norm";
        if (x.dim() < 3) throw new IllegalArgumentException(op + ": expected input (N, C, *) with 3 or more dims, got " + Shape.str(x.shape()));
        if (size <= 0) throw new IllegalArgumentException(op + ": size must be positive, got " + size);
        int c = x.size(1);
        Tensor squares = x.mul(x);
        int[] front = x.shape(), back = x.shape();
        front[1] = size / 2;
        back[1] = (size - 1) / 2;
        List<Tensor> parts = new ArrayList<>();
        if (front[1] > 0) parts.add(Tensors.zeros(front, x.dtype()));
        parts.add(squares);
        if (back[1] > 0) parts.add(Tensors.zeros(back, x.dtype()));
        Tensor padded = parts.size() == 1 ? squares : Tensors.cat(parts, 1);
        Tensor sum = padded.narrow(1, 0, c);
        for (int i = 1; i < size; i++) sum = sum.add(padded.narrow(1, i, c));
        return x.div(sum.mul(alpha / size).add(k).pow(beta));
    }

    // ---------------------------------------------------------------- helpers

    private static boolean recordsGraph(Tensor... tensors) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : tensors) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /** Evaluation-mode batch norm of float32 x in one fused pass (nothing to differentiate). */
    private static Tensor fixedStatistics(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, double eps,
                                          boolean relu) {
        int n = x.size(0), c = x.size(1), spatial = x.numel() / Math.max(1, n * c);
        float[] mean = runningMean.to(DType.FLOAT32).contiguous().toFloatArray(), var = runningVar.to(DType.FLOAT32).contiguous().toFloatArray();
        float[] gamma = weight == null ? null : weight.to(DType.FLOAT32).contiguous().toFloatArray();
        float[] beta = bias == null ? null : bias.to(DType.FLOAT32).contiguous().toFloatArray();
        float[] scale = new float[c], shift = new float[c];
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = (float) (1 / Math.sqrt(var[ch] + eps)) * (gamma == null ? 1f : gamma[ch]);
            shift[ch] = beta == null ? 0f : beta[ch];
        }
        Tensor xc = x.contiguous();
        float[] out = Storage.floatsForOverwrite(x.numel());
        ChannelKernels.forwardFixed(((Storage.F32) xc.storage()).data, xc.storageOffset(), n, c, spatial, mean, scale, shift, relu, out);
        return Tensor.of(new Storage.F32(out), x.shape());
    }

    /** (x - mean) / sqrt(biased var + eps) over dims. */
    private static Tensor standardize(Tensor x, int[] dims, double eps) {
        Tensor centered = x.sub(x.mean(dims, true));
        return centered.mul(centered.mul(centered).mean(dims, true).add(eps).rsqrt());
    }

    private static Tensor affine(Tensor y, Tensor weight, Tensor bias, int[] view) {
        if (weight != null) y = y.mul(weight.reshape(view));
        if (bias != null) y = y.add(bias.reshape(view));
        return y;
    }

    /** (1, C, 1, ...) with x's rank: how a per-channel vector broadcasts over x. */
    private static int[] channelView(Tensor x) {
        int[] view = new int[x.dim()];
        Arrays.fill(view, 1);
        view[1] = x.size(1);
        return view;
    }

    private static void checkChannelVector(String op, String name, Tensor t, int channels) {
        if (t != null && (t.dim() != 1 || t.size(0) != channels)) {
            throw new IllegalArgumentException(op + ": expected " + name + " of shape [" + channels + "], got " + Shape.str(t.shape()));
        }
    }
}
