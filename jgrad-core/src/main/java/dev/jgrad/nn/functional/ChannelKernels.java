package dev.jgrad.nn.functional;

import dev.jgrad.backend.cpu.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Per-channel kernels on contiguous float32 (N, C, S) arrays, vectorised and parallel over
 * channels: batch-norm statistics, normalisation and backward, and the sums of a convolution's
 * bias gradient. Each plane of S values is summed in float vector lanes and the planes are added
 * in double, so the sums stay accurate for large N·S. Batch norm can be fused with a following
 * ReLU: the forward clamps its output and the backward masks the incoming gradient by that output
 * on the fly, saving a pass over the activations each way. No checks and no autograd here.
 */
final class ChannelKernels {
    private ChannelKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * Training forward: per-channel batch mean and biased variance of x (written to mean,
     * variance, invstd) and out = (x − mean)·invstd·γ + β, or its ReLU; gamma and beta may be null.
     */
    static void forwardTraining(float[] x, int xOff, int n, int c, int spatial, double[] gamma, double[] beta, double eps,
                                boolean relu, float[] out, double[] mean, double[] variance, double[] invstd) {
        int m = n * spatial;
        float floor = floor(relu);
        Parallel.forRange(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                Sum total = new Sum(), deviations = new Sum();
                for (int i = 0; i < n; i++) sum(x, xOff + (i * c + ch) * spatial, spatial, total);
                double sum = total.value();
                float mu = (float) (sum / m);
                for (int i = 0; i < n; i++) squaredDeviations(x, xOff + (i * c + ch) * spatial, spatial, mu, deviations);
                double squares = deviations.value();
                mean[ch] = sum / m;
                variance[ch] = squares / m;
                invstd[ch] = 1 / Math.sqrt(variance[ch] + eps);
                float scale = (float) (invstd[ch] * (gamma == null ? 1 : gamma[ch])), shift = beta == null ? 0f : (float) beta[ch];
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * spatial;
                    normalise(x, xOff + base, out, base, spatial, mu, scale, shift, floor);
                }
            }
        });
    }

    /** Evaluation forward with fixed per-channel statistics: out = (x − mean)·invstd·γ + β, or its ReLU. */
    static void forwardFixed(float[] x, int xOff, int n, int c, int spatial, float[] mean, float[] scale, float[] shift, boolean relu,
                             float[] out) {
        float floor = floor(relu);
        Parallel.forRange(n * c, Math.max(1, (1 << 14) / Math.max(1, spatial)), (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c;
                normalise(x, xOff + plane * spatial, out, plane * spatial, spatial, mean[ch], scale[ch], shift[ch], floor);
            }
        });
    }

    /**
     * Training backward: dx = γ·invstd·(g − Σg/M − (x − mean)·invstd²·Σ(g·(x − mean))/M); writes
     * Σg to sumG and Σ(g·x̂) to sumGXhat (the gradients of β and γ). With a non-null reluOut (the
     * fused forward's output, laid out like dx) g is first zeroed where reluOut is not positive.
     */
    static void backwardTraining(float[] g, int gOff, float[] x, int xOff, int n, int c, int spatial, double[] gamma,
                                 double[] mean, double[] invstd, float[] reluOut, float[] dx, double[] sumG, double[] sumGXhat) {
        int m = n * spatial;
        Parallel.forRange(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mu = (float) mean[ch];
                Sum gradients = new Sum(), centred = new Sum();
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * spatial;
                    maskedSum(g, gOff + base, reluOut, base, spatial, gradients);
                    centredDot(g, gOff + base, reluOut, base, x, xOff + base, spatial, mu, centred);
                }
                double sg = gradients.value(), sgc = centred.value();
                double is = invstd[ch];
                sumG[ch] = sg;
                sumGXhat[ch] = sgc * is;
                float a = (float) ((gamma == null ? 1 : gamma[ch]) * is), meanG = (float) (sg / m), k = (float) (sgc * is * is / m);
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * spatial;
                    inputGradient(g, gOff + base, reluOut, x, xOff + base, dx, base, spatial, mu, a, meanG, k);
                }
            }
        });
    }

    /** The sum of each channel over all N planes (the bias gradient of a convolution). */
    static double[] channelSums(float[] x, int xOff, int n, int c, int spatial) {
        double[] sums = new double[c];
        Parallel.forRange(c, Math.max(1, (1 << 14) / Math.max(1, n * spatial)), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                Sum s = new Sum();
                for (int i = 0; i < n; i++) sum(x, xOff + (i * c + ch) * spatial, spatial, s);
                sums[ch] = s.value();
            }
        });
        return sums;
    }

    /**
     * A per-channel sum in double over planes summed in float lanes: each plane's lane sums are
     * widened (exactly) and added lanewise, and the lanes are added up once per channel, in lane
     * order. Extracting the lanes of every plane cost more than summing a 7x7 plane, and
     * reduceLanes may add them in another order when compiled than when interpreted, which would
     * make results depend on JIT timing.
     */
    private static final class Sum {
        /** The widened lane sums: an array, as vector fields would be boxed at every add. */
        private final double[] lanes = new double[F.length()];
        /**
         * Where a caller stores its vector of lane sums for {@link #addStaged}. A vector passed as an
         * argument to a call that C2 does not inline is boxed on the heap (the add was about 4% of a
         * ResNet training step that way), and widening it to double vectors (F2D by parts) runs a
         * slow path; scalar code widens the 16 floats instead.
         */
        final float[] staged = new float[F.length()];
        private double rest;

        void addStaged() {
            for (int j = 0; j < staged.length; j++) lanes[j] += staged[j];
        }

        void add(double v) {
            rest += v;
        }

        double value() {
            double s = 0;
            for (double lane : lanes) s += lane;
            return s + rest;
        }
    }

    private static void sum(float[] x, int off, int len, Sum into) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = F.loopBound(len); i < bound; i += F.length()) acc = acc.add(FloatVector.fromArray(F, x, off + i));
        acc.intoArray(into.staged, 0);
        into.addStaged();
        for (; i < len; i++) into.add(x[off + i]);
    }

    /** Adds Σ g over one plane, g masked by mask (same offset as the plane in dx) unless mask is null. */
    private static void maskedSum(float[] g, int gOff, float[] mask, int maskOff, int len, Sum into) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = F.loopBound(len); i < bound; i += F.length()) acc = acc.add(masked(g, gOff + i, mask, maskOff + i));
        acc.intoArray(into.staged, 0);
        into.addStaged();
        for (; i < len; i++) into.add(maskedElement(g, gOff + i, mask, maskOff + i));
    }

    /** The vector of g at gOff, zeroed where mask (if any) is not positive: a ReLU's backward. */
    private static FloatVector masked(float[] g, int gOff, float[] mask, int maskOff) {
        FloatVector v = FloatVector.fromArray(F, g, gOff);
        return mask == null ? v : FloatVector.zero(F).blend(v, FloatVector.fromArray(F, mask, maskOff).compare(VectorOperators.GT, 0f));
    }

    /** The element g[gOff], zeroed where mask (if any) is not positive. */
    private static float maskedElement(float[] g, int gOff, float[] mask, int maskOff) {
        return mask == null || mask[maskOff] > 0 ? g[gOff] : 0f;
    }

    private static void squaredDeviations(float[] x, int off, int len, float mu, Sum into) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, x, off + i).sub(mu);
            acc = d.fma(d, acc);
        }
        acc.intoArray(into.staged, 0);
        into.addStaged();
        for (; i < len; i++) {
            float d = x[off + i] - mu;
            into.add(d * d);
        }
    }

    /** Adds Σ g·(x − mu) over one plane, g masked like {@link #maskedSum}. */
    private static void centredDot(float[] g, int gOff, float[] mask, int maskOff, float[] x, int xOff, int len, float mu, Sum into) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, x, xOff + i).sub(mu);
            acc = d.fma(masked(g, gOff + i, mask, maskOff + i), acc);
        }
        acc.intoArray(into.staged, 0);
        into.addStaged();
        for (; i < len; i++) into.add(maskedElement(g, gOff + i, mask, maskOff + i) * (x[xOff + i] - mu));
    }

    /**
     * out = max((x − mu)·scale + shift, floor) over one plane, floor from {@link #floor}. A max with
     * −∞ rather than a branch on the ReLU: C2 compiled the branch for whichever kind of layer came
     * first, then again when the other one did.
     */
    private static void normalise(float[] x, int xOff, float[] out, int outOff, int len, float mu, float scale, float shift, float floor) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).sub(mu).fma(scale, shift).max(floor).intoArray(out, outOff + i);
        }
        for (; i < len; i++) out[outOff + i] = Math.max(Math.fma(x[xOff + i] - mu, scale, shift), floor);
    }

    /** The floor of {@link #normalise}: 0 for a fused ReLU (NaN stays NaN, like ReLU), else −∞, which changes nothing. */
    private static float floor(boolean relu) {
        return relu ? 0f : Float.NEGATIVE_INFINITY;
    }

    /** dx = a·(g − meanG − (x − mu)·k) over one plane (dx's offset is also the mask's), g masked like {@link #maskedSum}. */
    private static void inputGradient(float[] g, int gOff, float[] mask, float[] x, int xOff, float[] dx, int dxOff, int len, float mu,
                                      float a, float meanG, float k) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector centred = FloatVector.fromArray(F, x, xOff + i).sub(mu);
            masked(g, gOff + i, mask, dxOff + i).sub(meanG).sub(centred.mul(k)).mul(a).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) {
            dx[dxOff + i] = (maskedElement(g, gOff + i, mask, dxOff + i) - meanG - (x[xOff + i] - mu) * k) * a;
        }
    }
}
