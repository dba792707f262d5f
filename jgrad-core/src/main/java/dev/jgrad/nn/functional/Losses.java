package dev.jgrad.nn.functional;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Node;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

/**
 * Loss functions with PyTorch's formulas, defaults and reductions. Unlike PyTorch, elementwise
 * losses reject an input and target of different shapes instead of broadcasting them (the
 * classic (N, 1) vs (N) bug).
 *
 * <pre>{@code
 * Tensor loss = Losses.crossEntropy(logits, labels);           // mean over the batch
 * loss.backward();
 * }</pre>
 */
public final class Losses {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private Losses() {}

    // ================================================================ regression

    /** (x − y)². */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("mse_loss", input, target);
        return reduction.apply("mse_loss", input.sub(target).square());
    }

    /** |x − y|. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        sameShape("l1_loss", input, target);
        return reduction.apply("l1_loss", input.sub(target).abs());
    }

    /** 0.5 d² / β where d = |x − y| < β, else d − 0.5 β (β = 0 gives L1). */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        sameShape("smooth_l1_loss", input, target);
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss: beta must be non-negative, got " + beta);
        Tensor d = input.sub(target).abs();
        if (beta == 0) return reduction.apply("smooth_l1_loss", d);
        return reduction.apply("smooth_l1_loss", Tensors.where(d.lt(beta), d.square().mul(0.5 / beta), d.sub(0.5 * beta)));
    }

    /** 0.5 d² where d = |x − y| < δ, else δ (d − 0.5 δ). */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        sameShape("huber_loss", input, target);
        if (!(delta > 0)) throw new IllegalArgumentException("huber_loss: delta must be positive, got " + delta);
        Tensor d = input.sub(target).abs();
        return reduction.apply("huber_loss", Tensors.where(d.lt(delta), d.square().mul(0.5), d.sub(0.5 * delta).mul(delta)));
    }

    // ================================================================ classification

    /** Cross-entropy with the default options (mean, no weights, ignore index -100). */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, CrossEntropyOptions.defaults());
    }

    /**
     * Cross-entropy from logits. input is (C), (N, C) or (N, C, d1, ...); target either holds
     * int64 class indices shaped like input without the class dim, or float class probabilities
     * shaped like input. Class-index targets use log-softmax and a gather (no one-hot); the mean
     * divides by the summed weights of the non-ignored targets. Label smoothing mixes in the
     * uniform distribution: (1 − ε) · nll + ε/C · Σ_c −w_c log p_c.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyOptions options) {
        String op = "cross_entropy";
        if (input.dim() == 0) throw new IllegalArgumentException(op + ": expected input (C), (N, C) or (N, C, d1, ...), got a scalar");
        int classDim = input.dim() == 1 ? 0 : 1;
        int classes = input.size(classDim);
        Tensor weight = options.weight();
        checkClassWeight(op, weight, classes);
        double eps = options.labelSmoothing();
        if (!target.dtype().isFloatingPoint() && weight == null && eps == 0 && input.dim() == 2 && input.dtype() == DType.FLOAT32
                && options.reduction() != Reduction.BATCHMEAN) {
            return FusedCrossEntropy.apply(input, ClassTargets.of(op, input, target, options.ignoreIndex(), classDim, classes),
                    options.reduction());
        }
        Tensor logp = input.logSoftmax(classDim);
        if (target.dtype().isFloatingPoint()) {
            if (!Arrays.equals(target.shape(), input.shape())) {
                throw new IllegalArgumentException(op + ": probability targets must have the input's shape " + Shape.str(input.shape())
                        + ", got " + Shape.str(target.shape()));
            }
            Tensor t = eps > 0 ? target.mul(1 - eps).add(eps / classes) : target;
            Tensor prod = logp.mul(t);
            if (weight != null) prod = prod.mul(weight.reshape(classView(input.dim(), classDim, classes)));
            return switch (options.reduction()) {
                case NONE -> prod.sum(classDim, false).neg();
                case SUM -> prod.sum().neg();
                case MEAN -> prod.sum().neg().div(input.numel() / (double) classes);
                case BATCHMEAN -> Reduction.BATCHMEAN.apply(op, prod);
            };
        }
        ClassTargets targets = ClassTargets.of(op, input, target, options.ignoreIndex(), classDim, classes);
        Tensor nll = nll(logp, targets, weight, options.reduction(), op);
        if (eps == 0) return nll;
        Tensor perClass = weight == null ? logp : logp.mul(weight.reshape(classView(input.dim(), classDim, classes)));
        Tensor smooth = perClass.sum(classDim, false).neg().mul(targets.mask(logp.dtype()));
        Tensor reduced = switch (options.reduction()) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> smooth.sum().div(weight == null ? targets.mask(logp.dtype()).sum() : targets.weights(weight, logp.dtype()).sum());
            case BATCHMEAN -> Reduction.BATCHMEAN.apply(op, smooth);
        };
        return nll.mul(1 - eps).add(reduced.mul(eps / classes));
    }

    /** Negative log-likelihood with default options. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, -100, Reduction.MEAN);
    }

    /**
     * Negative log-likelihood of log-probabilities input (C), (N, C) or (N, C, d1, ...) at int64
     * class indices: −w[y] · input[y]; targets equal to ignoreIndex contribute 0, and the mean
     * divides by the summed weights of the others.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        String op = "nll_loss";
        if (input.dim() == 0) throw new IllegalArgumentException(op + ": expected input (C), (N, C) or (N, C, d1, ...), got a scalar");
        int classDim = input.dim() == 1 ? 0 : 1;
        int classes = input.size(classDim);
        checkClassWeight(op, weight, classes);
        return nll(input, ClassTargets.of(op, input, target, ignoreIndex, classDim, classes), weight, reduction, op);
    }

    private static Tensor nll(Tensor logp, ClassTargets targets, Tensor weight, Reduction reduction, String op) {
        Tensor picked = logp.gather(targets.classDim, targets.safe().unsqueeze(targets.classDim)).squeeze(targets.classDim);
        Tensor w = weight == null ? targets.mask(logp.dtype()) : targets.weights(weight, logp.dtype());
        Tensor losses = picked.mul(w).neg();
        return switch (reduction) {
            case NONE -> losses;
            case SUM -> losses.sum();
            case MEAN -> losses.sum().div(w.sum());
            case BATCHMEAN -> Reduction.BATCHMEAN.apply(op, losses);
        };
    }

    /** Validated class indices: each target, 0 where ignored; keep is 1 where a target counts, 0 where ignored. */
    record ClassTargets(long[] indices, double[] keep, int[] shape, int classDim) {
        static ClassTargets of(String op, Tensor input, Tensor target, long ignoreIndex, int classDim, int classes) {
            if (target.dtype() != DType.INT64) {
                throw new IllegalArgumentException(op + ": expected int64 class indices or float probabilities as target, got " + target.describe());
            }
            int[] expected = new int[input.dim() - 1];
            for (int d = 0, j = 0; d < input.dim(); d++) if (d != classDim) expected[j++] = input.size(d);
            if (!Arrays.equals(expected, target.shape())) {
                throw new IllegalArgumentException(op + ": expected target of shape " + Shape.str(expected) + " for input "
                        + Shape.str(input.shape()) + ", got " + Shape.str(target.shape()));
            }
            long[] t = target.contiguous().toLongArray();
            long[] safe = new long[t.length];
            double[] keep = new double[t.length];
            checkTargets(op, t, ignoreIndex, classes, safe, keep);
            return new ClassTargets(safe, keep, expected, classDim);
        }

        /**
         * Checks each target t[i] and puts it in safe[i] with keep[i] = 1, or leaves both 0 where it
         * is ignoreIndex. A loop of its own, run every training step: the JIT compiles it alone
         * rather than all of {@link #of} for its sake.
         */
        private static void checkTargets(String op, long[] t, long ignoreIndex, int classes, long[] safe, double[] keep) {
            for (int i = 0; i < t.length; i++) {
                if (t[i] == ignoreIndex) continue;
                if (t[i] < 0 || t[i] >= classes) {
                    throw new IndexOutOfBoundsException(op + ": target " + t[i] + " is out of bounds for " + classes + " classes");
                }
                safe[i] = t[i];
                keep[i] = 1;
            }
        }

        /** The indices as an int64 tensor of the target's shape. */
        Tensor safe() {
            return Tensors.fromArray(indices, shape);
        }

        Tensor mask(DType dtype) {
            return Tensors.fromArray(keep, shape).to(dtype);
        }

        /** weight[target] where kept, 0 where ignored. */
        Tensor weights(Tensor weight, DType dtype) {
            return weight.indexSelect(0, safe().reshape(-1)).reshape(shape).mul(mask(dtype));
        }
    }

    /**
     * Binary cross-entropy of probabilities input in [0, 1]: −w [y log x + (1 − y) log(1 − x)],
     * each log clamped at −100 like PyTorch; weight (broadcast) may be null. The gradient
     * w (x − y) / max(x (1 − x), 1e-12) stays finite at x = 0 or 1.
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String op = "binary_cross_entropy";
        sameShape(op, input, target);
        for (double v : input.toDoubleArray()) {
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(op + ": all elements of input should be between 0 and 1, got " + v);
        }
        Tensor loss;
        try (var s = Autograd.noGrad()) {
            loss = bceTerms(input, target);
        }
        loss = Node.record(op, loss, Node.inputs(input, target), Node.saved(input, target), (g, s) -> {
            Tensor x = s[0], y = s[1];
            Tensor gx = g.mul(x.sub(y)).div(x.mul(x.rsub(1.0)).clampMin(1e-12));
            Tensor gy = g.mul(x.rsub(1.0).log().clampMin(-100).sub(x.log().clampMin(-100)));
            return Node.grads(gx, gy);
        });
        if (weight != null) loss = loss.mul(weight);
        return reduction.apply(op, loss);
    }

    private static Tensor bceTerms(Tensor x, Tensor y) {
        return y.mul(x.log().clampMin(-100)).add(y.rsub(1.0).mul(x.rsub(1.0).log().clampMin(-100))).neg();
    }

    /**
     * Binary cross-entropy from logits, stable for any |x|: (1 − y) x − (1 + (p − 1) y) log σ(x)
     * with posWeight p (broadcast over the last dim, may be null) and weight (may be null).
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        String op = "binary_cross_entropy_with_logits";
        sameShape(op, input, target);
        Tensor logSigmoid = Activations.logsigmoid(input);
        Tensor logWeight = posWeight == null ? null : posWeight.sub(1.0).mul(target).add(1.0);
        Tensor loss = target.rsub(1.0).mul(input).sub(logWeight == null ? logSigmoid : logWeight.mul(logSigmoid));
        if (weight != null) loss = loss.mul(weight);
        return reduction.apply(op, loss);
    }

    /**
     * Multi-class hinge loss (Weston-Watkins SVM): Σ_{j≠y} w[y] max(0, margin − x_y + x_j)^p / C
     * per sample, p = 1 or 2; input (N, C) or (C), target int64 (N) or ().
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        String op = "multi_margin_loss";
        if (p != 1 && p != 2) throw new IllegalArgumentException(op + ": only p == 1 and p == 2 supported, got " + p);
        if (input.dim() != 1 && input.dim() != 2) throw new IllegalArgumentException(op + ": expected input (N, C) or (C), got " + Shape.str(input.shape()));
        boolean unbatched = input.dim() == 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        int classes = x.size(1);
        checkClassWeight(op, weight, classes);
        ClassTargets targets = ClassTargets.of(op, input, target, Long.MIN_VALUE, unbatched ? 0 : 1, classes);
        Tensor y = targets.safe().reshape(-1);
        Tensor margins = x.sub(x.gather(1, y.unsqueeze(1))).add(margin).clampMin(0);
        if (p == 2) margins = margins.square();
        if (weight != null) margins = margins.mul(weight.indexSelect(0, y).unsqueeze(1));
        Tensor others = y.oneHot(classes).to(x.dtype()).rsub(1.0);
        Tensor loss = margins.mul(others).sum(1, false).div(classes);
        return reduction.apply(op, unbatched ? loss.squeeze(0) : loss);
    }

    /** PyTorch's hinge_embedding_loss: x where y = 1, max(0, margin − x) where y = −1. */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        String op = "hinge_embedding_loss";
        sameShape(op, input, target);
        Tensor zero = Tensors.zerosLike(input);
        Tensor marginPart = Tensors.where(target.ne(1.0), input.rsub(margin).clampMin(0), zero);
        Tensor selfPart = Tensors.where(target.ne(-1.0), input, zero);
        return reduction.apply(op, marginPart.add(selfPart));
    }

    /**
     * The binary SVM hinge loss max(0, margin − y · s) for scores s and labels y ∈ {−1, +1}
     * (not a PyTorch function; the lectures' linear SVM).
     */
    public static Tensor hingeLoss(Tensor scores, Tensor target, double margin, Reduction reduction) {
        sameShape("hinge_loss", scores, target);
        return reduction.apply("hinge_loss", scores.mul(target).rsub(margin).clampMin(0));
    }

    // ================================================================ distributions

    /**
     * Kullback-Leibler divergence with input as log-probabilities: y (log y − x), 0 where y = 0
     * (or e^y (y − x) with logTarget). "batchmean" divides the sum by the batch size, the
     * mathematically correct KL; "mean" divides by the number of elements, like PyTorch.
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        String op = "kl_div";
        sameShape(op, input, target);
        Tensor pointwise;
        if (logTarget) {
            pointwise = target.exp().mul(target.sub(input));
        } else {
            Tensor positive = target.gt(0.0);
            Tensor xlogy = target.mul(Tensors.where(positive, target, Tensors.onesLike(target)).log());
            pointwise = xlogy.sub(target.mul(input));
        }
        if (reduction == Reduction.BATCHMEAN) return pointwise.sum().div(input.dim() == 0 ? 1 : input.size(0));
        return reduction.apply(op, pointwise);
    }

    /**
     * Gaussian negative log-likelihood of target under N(input, var): 0.5 (log v + (x − y)² / v)
     * (+ 0.5 log 2π with full), v = var clamped at eps without stopping its gradient, like
     * PyTorch. var is shaped like input, or like input without its last dim, or with last dim 1.
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
        String op = "gaussian_nll_loss";
        sameShape(op, input, target);
        Tensor v = var;
        if (!Arrays.equals(var.shape(), input.shape())) {
            int[] in = input.shape();
            int[] withoutLast = Arrays.copyOf(in, Math.max(in.length - 1, 0));
            if (Arrays.equals(var.shape(), withoutLast)) {
                v = var.unsqueeze(-1);
            } else if (!(var.dim() == in.length && var.size(-1) == 1
                    && Arrays.equals(Arrays.copyOf(var.shape(), var.dim() - 1), withoutLast))) {
                throw new IllegalArgumentException(op + ": var of shape " + Shape.str(var.shape()) + " does not match input "
                        + Shape.str(input.shape()));
            }
        }
        for (double d : var.toDoubleArray()) {
            if (d < 0) throw new IllegalArgumentException(op + ": var has negative entry/entries");
        }
        // Clamp for the value only (PyTorch clamps under no_grad), so the gradient still reaches var.
        Tensor clamped = v.add(v.clampMin(eps).sub(v).detach());
        Tensor loss = clamped.log().add(input.sub(target).square().div(clamped)).mul(0.5);
        if (full) loss = loss.add(HALF_LOG_2PI);
        return reduction.apply(op, loss);
    }

    /**
     * Poisson negative log-likelihood: e^x − y x with logInput (x is log λ), else
     * x − y log(x + eps); full adds Stirling's y log y − y + 0.5 log(2π y) where y > 1.
     */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction reduction) {
        String op = "poisson_nll_loss";
        sameShape(op, input, target);
        Tensor loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
        if (full) {
            Tensor big = target.gt(1.0);
            Tensor safe = Tensors.where(big, target, Tensors.onesLike(target));
            Tensor stirling = safe.mul(safe.log()).sub(safe).add(safe.mul(2 * Math.PI).log().mul(0.5));
            loss = loss.add(Tensors.where(big, stirling, Tensors.zerosLike(stirling)));
        }
        return reduction.apply(op, loss);
    }

    /**
     * Mean negative log-likelihood of targets (N) or (N, 1) under mixtures of K Gaussians:
     * weights softmax(piLogits), means mu, standard deviations exp(sigmaRaw), all (N, K);
     * computed with log-sum-exp so it never underflows.
     */
    public static Tensor mixtureDensityNll(Tensor piLogits, Tensor mu, Tensor sigmaRaw, Tensor target) {
        return mixtureDensityNll(piLogits, mu, sigmaRaw, target, Reduction.MEAN);
    }

    public static Tensor mixtureDensityNll(Tensor piLogits, Tensor mu, Tensor sigmaRaw, Tensor target, Reduction reduction) {
        String op = "mixture_density_nll";
        if (piLogits.dim() != 2 || !Arrays.equals(piLogits.shape(), mu.shape()) || !Arrays.equals(piLogits.shape(), sigmaRaw.shape())) {
            throw new IllegalArgumentException(op + ": expected piLogits, mu and sigmaRaw all (N, K), got " + Shape.str(piLogits.shape())
                    + ", " + Shape.str(mu.shape()) + ", " + Shape.str(sigmaRaw.shape()));
        }
        int n = piLogits.size(0);
        if (target.numel() != n || target.dim() > 2 || (target.dim() == 2 && target.size(1) != 1)) {
            throw new IllegalArgumentException(op + ": expected target (N) or (N, 1) with N = " + n + ", got " + Shape.str(target.shape()));
        }
        Tensor z = target.reshape(n, 1).sub(mu).div(sigmaRaw.exp());
        Tensor logNormal = z.square().mul(-0.5).sub(sigmaRaw).sub(HALF_LOG_2PI);
        Tensor nll = piLogits.logSoftmax(1).add(logNormal).logsumexp(1, false).neg();
        return reduction.apply(op, nll);
    }

    // ================================================================ embeddings

    /** 1 − cos(x1, x2) where y = 1, max(0, cos − margin) where y = −1; x1, x2 (N, D) or (D). */
    public static Tensor cosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor target, double margin, Reduction reduction) {
        String op = "cosine_embedding_loss";
        sameShape(op, x1, x2);
        int d = x1.dim() - 1;
        double tiny = 1e-12;
        Tensor prod = x1.mul(x2).sum(d, false);
        Tensor mag = x1.square().sum(d, false).add(tiny).mul(x2.square().sum(d, false).add(tiny)).sqrt();
        Tensor cos = prod.div(mag);
        Tensor zero = Tensors.zerosLike(cos);
        Tensor pos = Tensors.where(target.eq(1.0), cos.rsub(1.0), zero);
        Tensor neg = Tensors.where(target.eq(-1.0), cos.sub(margin).clampMin(0), zero);
        return reduction.apply(op, pos.add(neg));
    }

    /**
     * max(0, d(a, p) − d(a, n) + margin) with d the p-norm of the difference plus eps over the
     * last dim; swap uses min(d(a, n), d(p, n)) as the negative distance.
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
                                           boolean swap, Reduction reduction) {
        String op = "triplet_margin_loss";
        sameShape(op, anchor, positive);
        sameShape(op, anchor, negative);
        Tensor dPos = pairwiseDistance(anchor, positive, p, eps);
        Tensor dNeg = pairwiseDistance(anchor, negative, p, eps);
        if (swap) dNeg = dNeg.minimum(pairwiseDistance(positive, negative, p, eps));
        return reduction.apply(op, dPos.sub(dNeg).add(margin).clampMin(0));
    }

    private static Tensor pairwiseDistance(Tensor a, Tensor b, double p, double eps) {
        return a.sub(b).add(eps).norm(p, new int[] {a.dim() - 1}, false);
    }

    // ================================================================ checks

    private static void sameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(input.shape()) + " and target " + Shape.str(target.shape())
                    + " must have the same shape");
        }
    }

    private static void checkClassWeight(String op, Tensor weight, int classes) {
        if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
            throw new IllegalArgumentException(op + ": expected a class weight of shape [" + classes + "], got " + Shape.str(weight.shape()));
        }
    }

    private static int[] classView(int rank, int classDim, int classes) {
        int[] view = new int[rank];
        Arrays.fill(view, 1);
        view[classDim] = classes;
        return view;
    }
}
