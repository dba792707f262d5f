package dev.jgrad.nn.functional;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Gradcheck (float64) of every loss with every option and reduction, and the loss-specific errors. */
class LossesTest {
    private static final Generator GEN = new Generator(11);

    static Tensor randn(int... shape) {
        return Tensors.randn(shape, GEN).to(DType.FLOAT64).requiresGrad_(true);
    }

    static Tensor uniform(double lo, double hi, int... shape) {
        return Tensors.rand(shape, GEN).to(DType.FLOAT64).mul(hi - lo).add(lo).requiresGrad_(true);
    }

    static Tensor labels(long... values) {
        return Tensors.fromArray(values, values.length);
    }

    private static DynamicTest grad(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return DynamicTest.dynamicTest(name, () -> GradCheck.gradcheck(f, inputs));
    }

    @TestFactory
    List<DynamicTest> everyLossOptionPassesGradcheck() {
        List<DynamicTest> t = new ArrayList<>();
        Tensor w5 = Tensors.tensor(0.5, 1.0, 2.0, 1.5, 0.7).to(DType.FLOAT64);
        Tensor y = labels(0, 3, -100, 4, 2, 2);
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            t.add(grad("mse " + r, in -> Losses.mseLoss(in[0], in[1], r), randn(3, 4), randn(3, 4)));
            t.add(grad("l1 " + r, in -> Losses.l1Loss(in[0], in[1], r), randn(3, 4), randn(3, 4)));
            t.add(grad("smoothL1 " + r, in -> Losses.smoothL1Loss(in[0], in[1], 0.5, r), randn(3, 4), randn(3, 4)));
            t.add(grad("huber " + r, in -> Losses.huberLoss(in[0], in[1], 0.8, r), randn(3, 4), randn(3, 4)));
            for (double smoothing : new double[] {0, 0.1}) {
                for (Tensor w : new Tensor[] {null, w5}) {
                    var opts = new CrossEntropyOptions(w, -100, smoothing, r);
                    String what = " " + r + " smoothing " + smoothing + (w == null ? "" : " weighted");
                    t.add(grad("crossEntropy indices+ignore" + what, in -> Losses.crossEntropy(in[0], y, opts), randn(6, 5)));
                    t.add(grad("crossEntropy probabilities" + what, in -> Losses.crossEntropy(in[0], in[1].softmax(1), opts),
                            randn(4, 5), randn(4, 5)));
                    t.add(grad("crossEntropy K-dim" + what, in -> Losses.crossEntropy(in[0],
                            Tensors.fromArray(new long[] {0, 4, 1, -100, 3, 2, 2, 0}, 2, 2, 2), opts), randn(2, 5, 2, 2)));
                }
            }
            t.add(grad("nll " + r, in -> Losses.nllLoss(in[0], labels(1, 0, 2), w5.narrow(0, 0, 3), 0, r), randn(3, 3)));
            t.add(grad("bce " + r, in -> Losses.binaryCrossEntropy(in[0], in[1], Tensors.tensor(1, 2, 0.5).to(DType.FLOAT64), r),
                    uniform(0.05, 0.95, 2, 3), uniform(0, 1, 2, 3)));
            t.add(grad("bceWithLogits " + r, in -> Losses.binaryCrossEntropyWithLogits(in[0], in[1], Tensors.tensor(1, 2, 0.5).to(DType.FLOAT64),
                    Tensors.tensor(3, 1, 0.2).to(DType.FLOAT64), r), randn(2, 3), uniform(0, 1, 2, 3)));
            t.add(grad("multiMargin p1 " + r, in -> Losses.multiMarginLoss(in[0], labels(0, 2, 1), 1, 1, null, r), randn(3, 4)));
            t.add(grad("multiMargin p2 weighted " + r, in -> Losses.multiMarginLoss(in[0], labels(3, 2, 1), 2, 0.7, w5.narrow(0, 0, 4), r),
                    randn(3, 4)));
            t.add(grad("hingeEmbedding " + r, in -> Losses.hingeEmbeddingLoss(in[0], Tensors.tensor(1, -1, -1, 1).to(DType.FLOAT64), 1.0, r),
                    randn(4)));
            t.add(grad("hinge " + r, in -> Losses.hingeLoss(in[0], Tensors.tensor(1, -1, -1, 1).to(DType.FLOAT64), 1.0, r), randn(4)));
            t.add(grad("gaussianNll " + r, in -> Losses.gaussianNllLoss(in[0], in[1], in[2], true, 1e-6, r),
                    randn(3, 2), randn(3, 2), uniform(0.2, 2, 3, 2)));
            t.add(grad("gaussianNll var (N) " + r, in -> Losses.gaussianNllLoss(in[0], in[1], in[2], false, 1e-6, r),
                    randn(3, 2), randn(3, 2), uniform(0.2, 2, 3)));
            t.add(grad("poissonNll log " + r, in -> Losses.poissonNllLoss(in[0], Tensors.tensor(0, 1, 3, 5).to(DType.FLOAT64), true, true, 1e-8, r),
                    randn(4)));
            t.add(grad("poissonNll rates " + r, in -> Losses.poissonNllLoss(in[0], Tensors.tensor(0, 1, 3, 5).to(DType.FLOAT64), false, false, 1e-8, r),
                    uniform(0.5, 3, 4)));
            t.add(grad("cosineEmbedding " + r, in -> Losses.cosineEmbeddingLoss(in[0], in[1], Tensors.tensor(1, -1, 1).to(DType.FLOAT64), 0.1, r),
                    randn(3, 4), randn(3, 4)));
            t.add(grad("tripletMargin swap " + r, in -> Losses.tripletMarginLoss(in[0], in[1], in[2], 1.0, 2, 1e-6, true, r),
                    randn(3, 4), randn(3, 4), randn(3, 4)));
            t.add(grad("mixtureDensityNll " + r, in -> Losses.mixtureDensityNll(in[0], in[1], in[2], Tensors.tensor(0.5, -1, 2, 0).to(DType.FLOAT64), r),
                    randn(4, 3), randn(4, 3), randn(4, 3)));
        }
        for (Reduction r : Reduction.values()) {
            for (boolean logTarget : new boolean[] {false, true}) {
                t.add(grad("klDiv " + r + (logTarget ? " log target" : ""),
                        in -> Losses.klDiv(in[0].logSoftmax(1), logTarget ? in[1].logSoftmax(1) : in[1].softmax(1), r, logTarget),
                        randn(3, 4), randn(3, 4)));
            }
        }
        t.add(grad("crossEntropy unbatched", in -> Losses.crossEntropy(in[0], Tensors.scalar(2, DType.INT64)), randn(5)));
        t.add(grad("nll K-dim", in -> Losses.nllLoss(in[0].logSoftmax(1), Tensors.fromArray(new long[] {0, 2, 1, 1}, 2, 2), null, -100, Reduction.MEAN),
                randn(2, 3, 2)));
        return t;
    }

    @Test
    void crossEntropyIsTheGradgradcheckedComposition() {
        Tensor x = randn(3, 4);
        GradCheck.gradgradcheck(in -> Losses.crossEntropy(in[0], labels(1, 0, 3),
                CrossEntropyOptions.defaults().labelSmoothing(0.2).weight(Tensors.tensor(1, 2, 3, 4).to(DType.FLOAT64))), x);
    }

    /**
     * Float32 (N, C) logits at class indices take the fused kernel: its loss, gradient (also of a
     * non-contiguous view) and second derivative (createGraph) match the float64 composition.
     */
    @Test
    void fusedFloat32CrossEntropyAgreesWithTheFloat64Composition() {
        Tensor target = labels(1, -100, 4, 0, 2, 2, 3);
        for (Reduction reduction : new Reduction[] {Reduction.NONE, Reduction.SUM, Reduction.MEAN}) {
            CrossEntropyOptions opts = CrossEntropyOptions.defaults().reduction(reduction);
            Tensor logits = randn(5, 7).mul(3.0).detach();
            Tensor x64 = logits.t().requiresGrad_(true), x32 = logits.to(DType.FLOAT32).t().requiresGrad_(true);
            Tensor g = reduction == Reduction.NONE ? Tensors.randn(new int[] {7}, GEN).to(DType.FLOAT64) : Tensors.scalar(1.3, DType.FLOAT64);
            Tensor loss64 = Losses.crossEntropy(x64, target, opts), loss32 = Losses.crossEntropy(x32, target, opts);
            assertThat(loss32.dtype()).isEqualTo(DType.FLOAT32);
            assertThat(loss32.to(DType.FLOAT64).allclose(loss64, 1e-5, 1e-6)).as("loss, %s", reduction).isTrue();

            Tensor v = Tensors.randn(new int[] {7, 5}, GEN).to(DType.FLOAT64);
            Tensor d64 = Autograd.grad(new Tensor[] {loss64}, new Tensor[] {x64}, new Tensor[] {g}, true, true, false)[0];
            Tensor d32 = Autograd.grad(new Tensor[] {loss32}, new Tensor[] {x32}, new Tensor[] {g.to(DType.FLOAT32)}, true, true, false)[0];
            assertThat(d32.to(DType.FLOAT64).allclose(d64, 1e-5, 1e-6)).as("gradient, %s", reduction).isTrue();
            Tensor dd64 = Autograd.grad(d64.mul(v).sum(), x64)[0], dd32 = Autograd.grad(d32.mul(v.to(DType.FLOAT32)).sum(), x32)[0];
            assertThat(dd32.to(DType.FLOAT64).allclose(dd64, 1e-4, 1e-5)).as("second derivative, %s", reduction).isTrue();

            x32.setGrad(null);
            Losses.crossEntropy(x32, target, opts).backward(g.to(DType.FLOAT32));
            assertThat(x32.grad().to(DType.FLOAT64).allclose(d64, 1e-5, 1e-6)).as("backward kernel, %s", reduction).isTrue();
            assertThat(x32.grad().select(0, 1).abs().sum().item()).as("an ignored row gets no gradient").isEqualTo(0.0);
        }
    }

    @Test
    void crossEntropyOfUniformLogitsIsLogC() {
        assertThat(Losses.crossEntropy(Tensors.zeros(8, 10), Tensors.zeros(new int[] {8}, DType.INT64)).item())
                .isCloseTo(Math.log(10), within(1e-6));
    }

    @Test
    void weightedMeanDividesBySummedWeightsOfKeptTargets() {
        Tensor logits = Tensors.tensor(new double[][] {{2, 0}, {0, 1}, {5, 5}});
        Tensor weight = Tensors.tensor(1, 3);
        Tensor target = labels(0, 1, -100);
        double l0 = Math.log(1 + Math.exp(-2)), l1 = Math.log(1 + Math.exp(-1));
        double expected = (1 * l0 + 3 * l1) / 4;
        assertThat(Losses.crossEntropy(logits, target, CrossEntropyOptions.defaults().weight(weight)).item()).isCloseTo(expected, within(1e-6));
    }

    @Test
    void crossEntropyErrorsNameTheProblem() {
        assertThatThrownBy(() -> Losses.crossEntropy(Tensors.zeros(4, 3), labels(0, 1, 5, 2)))
                .hasMessage("cross_entropy: target 5 is out of bounds for 3 classes");
        assertThatThrownBy(() -> Losses.crossEntropy(Tensors.zeros(4, 3), labels(0, 1)))
                .hasMessage("cross_entropy: expected target of shape [4] for input [4, 3], got [2]");
        assertThatThrownBy(() -> Losses.crossEntropy(Tensors.zeros(4, 3), Tensors.zeros(4, 2)))
                .hasMessageContaining("probability targets must have the input's shape [4, 3]");
        assertThatThrownBy(() -> Losses.crossEntropy(Tensors.zeros(4, 3), labels(0, 1, 2, 0), CrossEntropyOptions.defaults().weight(Tensors.ones(4))))
                .hasMessage("cross_entropy: expected a class weight of shape [3], got [4]");
        assertThatThrownBy(() -> CrossEntropyOptions.defaults().labelSmoothing(1.5)).hasMessageContaining("between 0.0 and 1.0");
    }

    @Test
    void elementwiseLossesRejectMismatchedShapesInsteadOfBroadcasting() {
        assertThatThrownBy(() -> Losses.mseLoss(Tensors.zeros(8, 1), Tensors.zeros(8), Reduction.MEAN))
                .hasMessage("mse_loss: input [8, 1] and target [8] must have the same shape");
    }

    @Test
    void bceChecksTheRangeAndStaysFiniteAtTheEdges() {
        assertThatThrownBy(() -> Losses.binaryCrossEntropy(Tensors.tensor(1.5), Tensors.tensor(1), null, Reduction.MEAN))
                .hasMessageContaining("between 0 and 1");
        Tensor p = Tensors.tensor(0, 1).requiresGrad_(true);
        Tensor loss = Losses.binaryCrossEntropy(p, Tensors.tensor(1, 0), null, Reduction.SUM);
        assertThat(loss.item()).isEqualTo(200);
        loss.backward();
        assertThat(p.grad().isFinite()).isTrue();
    }

    @Test
    void batchMeanOnlyForKlDiv() {
        assertThatThrownBy(() -> Losses.mseLoss(Tensors.zeros(2), Tensors.zeros(2), Reduction.BATCHMEAN))
                .hasMessage("mse_loss: reduction \"batchmean\" is only supported by kl_div");
        assertThat(Reduction.of("sum")).isEqualTo(Reduction.SUM);
        assertThatThrownBy(() -> Reduction.of("avg")).hasMessageContaining("got \"avg\"");
    }

    @Test
    void mixtureDensityNllMatchesASingleGaussian() {
        Tensor nll = Losses.mixtureDensityNll(Tensors.zeros(1, 1), Tensors.zeros(1, 1), Tensors.zeros(1, 1), Tensors.tensor(1));
        assertThat(nll.item()).isCloseTo(0.5 + 0.5 * Math.log(2 * Math.PI), within(1e-6));
    }
}
