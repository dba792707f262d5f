package dev.jgrad.nn.functional;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * The functional API in one place, like {@code torch.nn.functional}: one-line delegations to
 * {@link Activations}, {@link Dropouts}, {@link Affine}, {@link Losses}, {@link Convolution},
 * {@link Pooling}, {@link Normalization} and {@link Resampling}, with PyTorch's defaults as
 * overloads.
 *
 * <pre>{@code
 * import static dev.jgrad.nn.functional.F.*;
 * Tensor h = relu(conv2d(x, w, b, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1));
 * Tensor loss = crossEntropy(linear(flatten(h), fcW, fcB), labels);
 * }</pre>
 */
public final class F {
    private F() {}

    // ---------------------------------------------------------------- activations
    public static Tensor relu(Tensor x) { return x.relu(); }
    public static Tensor leakyRelu(Tensor x) { return Activations.leakyRelu(x, 0.01); }
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return Activations.leakyRelu(x, negativeSlope); }
    public static Tensor prelu(Tensor x, Tensor weight) { return Activations.prelu(x, weight); }
    public static Tensor elu(Tensor x) { return Activations.elu(x, 1.0); }
    public static Tensor elu(Tensor x, double alpha) { return Activations.elu(x, alpha); }
    public static Tensor selu(Tensor x) { return Activations.selu(x); }
    public static Tensor gelu(Tensor x) { return Activations.gelu(x, "none"); }
    public static Tensor gelu(Tensor x, String approximate) { return Activations.gelu(x, approximate); }
    public static Tensor silu(Tensor x) { return Activations.silu(x); }
    public static Tensor softplus(Tensor x) { return Activations.softplus(x, 1, 20); }
    public static Tensor softplus(Tensor x, double beta, double threshold) { return Activations.softplus(x, beta, threshold); }
    public static Tensor hardtanh(Tensor x) { return Activations.hardtanh(x, -1, 1); }
    public static Tensor hardtanh(Tensor x, double min, double max) { return Activations.hardtanh(x, min, max); }
    public static Tensor logsigmoid(Tensor x) { return Activations.logsigmoid(x); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }
    public static Tensor maxout(Tensor x, int pieces, int dim) { return Activations.maxout(x, pieces, dim); }

    // ---------------------------------------------------------------- dropout
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) { return Dropouts.dropout(x, p, training, gen); }
    public static Tensor dropout(Tensor x, double p, boolean training) { return Dropouts.dropout(x, p, training, Generator.global()); }
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator gen) { return Dropouts.dropout2d(x, p, training, gen); }
    public static Tensor alphaDropout(Tensor x, double p, boolean training, Generator gen) { return Dropouts.alphaDropout(x, p, training, gen); }

    // ---------------------------------------------------------------- linear maps and embeddings
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) { return Affine.linear(x, weight, bias); }
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) { return Affine.bilinear(x1, x2, weight, bias); }
    public static Tensor embedding(Tensor indices, Tensor weight) { return Affine.embedding(indices, weight); }
    public static Tensor oneHot(Tensor indices, int numClasses) { return indices.oneHot(numClasses); }
    public static Tensor flatten(Tensor x) { return x.flatten(1); }

    // ---------------------------------------------------------------- convolution
    public static Tensor conv1d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups) {
        return Convolution.conv1d(x, w, b, stride, padding, dilation, groups);
    }
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b) { return Convolution.conv2d(x, w, b, null, (int[]) null, null, 1); }
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(x, w, b, stride, padding, dilation, groups);
    }
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int[] stride, String padding, int[] dilation, int groups) {
        return Convolution.conv2d(x, w, b, stride, padding, dilation, groups);
    }
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] outputPadding, int groups,
                                         int[] dilation) {
        return Convolution.convTranspose2d(x, w, b, stride, padding, outputPadding, groups, dilation);
    }

    // ---------------------------------------------------------------- pooling
    public static Tensor maxPool2d(Tensor x, int kernel) { return Pooling.maxPool2d(x, new int[] {kernel}, null, null, null, false); }
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pooling.maxPool2d(x, kernel, stride, padding, dilation, ceilMode);
    }
    /** maxPool2d(relu(x)) fused where possible: the same values and gradients, the ReLU on the pooled quarter. */
    public static Tensor reluMaxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pooling.reluMaxPool2d(x, kernel, stride, padding, dilation, ceilMode);
    }
    public static Tensor.ValuesIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                                            boolean ceilMode) {
        return Pooling.maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode);
    }
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, int[] kernel, int[] stride, int[] padding, int[] outputSize) {
        return Pooling.maxUnpool2d(x, indices, kernel, stride, padding, outputSize);
    }
    public static Tensor avgPool2d(Tensor x, int kernel) { return Pooling.avgPool2d(x, new int[] {kernel}, null, null, false, true); }
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return Pooling.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad);
    }
    public static Tensor lpPool2d(Tensor x, double p, int[] kernel, int[] stride) { return Pooling.lpPool2d(x, p, kernel, stride); }
    public static Tensor adaptiveAvgPool2d(Tensor x, int... outputSize) { return Pooling.adaptiveAvgPool2d(x, outputSize); }
    public static Tensor adaptiveMaxPool2d(Tensor x, int... outputSize) { return Pooling.adaptiveMaxPool2d(x, outputSize); }

    // ---------------------------------------------------------------- normalisation
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
                                   double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }
    public static Tensor batchNormRelu(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
                                       double momentum, double eps) {
        return Normalization.batchNormRelu(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, groups, weight, bias, eps);
    }
    public static Tensor instanceNorm(Tensor x, Tensor weight, Tensor bias, double eps) { return Normalization.instanceNorm(x, weight, bias, eps); }
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        return Normalization.localResponseNorm(x, size, alpha, beta, k);
    }

    // ---------------------------------------------------------------- resampling
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
        return Resampling.interpolate(x, size, scaleFactor, mode, alignCorners);
    }
    public static Tensor pixelShuffle(Tensor x, int upscale) { return Resampling.pixelShuffle(x, upscale); }

    // ---------------------------------------------------------------- losses
    public static Tensor mseLoss(Tensor input, Tensor target) { return Losses.mseLoss(input, target, Reduction.MEAN); }
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction r) { return Losses.mseLoss(input, target, r); }
    public static Tensor l1Loss(Tensor input, Tensor target) { return Losses.l1Loss(input, target, Reduction.MEAN); }
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction r) { return Losses.l1Loss(input, target, r); }
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction r) { return Losses.smoothL1Loss(input, target, beta, r); }
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction r) { return Losses.huberLoss(input, target, delta, r); }
    public static Tensor crossEntropy(Tensor input, Tensor target) { return Losses.crossEntropy(input, target); }
    public static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyOptions options) { return Losses.crossEntropy(input, target, options); }
    public static Tensor nllLoss(Tensor input, Tensor target) { return Losses.nllLoss(input, target); }
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r) {
        return Losses.nllLoss(input, target, weight, ignoreIndex, r);
    }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return Losses.binaryCrossEntropy(input, target, null, Reduction.MEAN); }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction r) {
        return Losses.binaryCrossEntropy(input, target, weight, r);
    }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction r) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, r);
    }
    public static Tensor multiMarginLoss(Tensor input, Tensor target) { return Losses.multiMarginLoss(input, target, 1, 1, null, Reduction.MEAN); }
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction r) {
        return Losses.multiMarginLoss(input, target, p, margin, weight, r);
    }
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction r) {
        return Losses.hingeEmbeddingLoss(input, target, margin, r);
    }
    public static Tensor hingeLoss(Tensor scores, Tensor target) { return Losses.hingeLoss(scores, target, 1, Reduction.MEAN); }
    public static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) { return Losses.klDiv(input, target, r, logTarget); }
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var) {
        return Losses.gaussianNllLoss(input, target, var, false, 1e-6, Reduction.MEAN);
    }
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction r) {
        return Losses.gaussianNllLoss(input, target, var, full, eps, r);
    }
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction r) {
        return Losses.poissonNllLoss(input, target, logInput, full, eps, r);
    }
    public static Tensor cosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor target, double margin, Reduction r) {
        return Losses.cosineEmbeddingLoss(x1, x2, target, margin, r);
    }
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
                                           boolean swap, Reduction r) {
        return Losses.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, r);
    }
    public static Tensor mixtureDensityNll(Tensor piLogits, Tensor mu, Tensor sigmaRaw, Tensor target) {
        return Losses.mixtureDensityNll(piLogits, mu, sigmaRaw, target);
    }
}
