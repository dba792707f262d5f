package dev.jgrad.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.nn.functional.CrossEntropyOptions;
import dev.jgrad.nn.functional.Reduction;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LayersTest {
    private static final Generator GEN = new Generator(5);

    static Tensor randn64(int... shape) {
        return Tensors.randn(shape, GEN).to(DType.FLOAT64).requiresGrad_(true);
    }

    /** Copies a module's parameters to float64 leaves that gradcheck perturbs. */
    static Tensor asFloat64Leaf(Parameter p) {
        return p.data().detach().to(DType.FLOAT64).requiresGrad_(true);
    }

    @Test
    void linearComputesXWTransposedPlusBAndPassesGradcheck() {
        var fc = new Linear(3, 2, true, new Generator(0));
        Tensor x = Tensors.tensor(new double[][] {{1, 2, 3}});
        double[] w = fc.weight.data().toDoubleArray(), b = fc.bias.data().toDoubleArray();
        double[] y = fc.call(x).toDoubleArray();
        assertThat(y[0]).isCloseTo(w[0] + 2 * w[1] + 3 * w[2] + b[0], within(1e-5));
        assertThat(y[1]).isCloseTo(w[3] + 2 * w[4] + 3 * w[5] + b[1], within(1e-5));
        GradCheck.gradcheck(in -> dev.jgrad.nn.functional.F.linear(in[0], in[1], in[2]), randn64(4, 3), asFloat64Leaf(fc.weight),
                asFloat64Leaf(fc.bias));
        assertThat(fc.call(Tensors.ones(2, 5, 3)).shape()).containsExactly(2, 5, 2);
    }

    @Test
    void layerErrorsNameTheLayerTheExpectationAndTheShape() {
        assertThatThrownBy(() -> new Linear(784, 128).call(Tensors.zeros(64, 100)))
                .hasMessage("Linear(784->128): expected last dim 784, got [64, 100]");
        assertThatThrownBy(() -> new Conv2d(3, 16, 3).call(Tensors.zeros(8, 1, 28, 28)))
                .hasMessage("Conv2d(3->16): expected input (N, 3, H, W), got [8, 1, 28, 28]");
        assertThatThrownBy(() -> new BatchNorm2d(16).call(Tensors.zeros(8, 16)))
                .hasMessage("BatchNorm2d(16): expected input (N, 16, H, W), got [8, 16]");
        assertThatThrownBy(() -> new BatchNorm1d(4).call(Tensors.zeros(8, 5)))
                .hasMessage("BatchNorm1d(4): expected input (N, 4) or (N, 4, L), got [8, 5]");
        assertThatThrownBy(() -> new Embedding(10, 3).call(Tensors.zeros(2)))
                .hasMessageContaining("Embedding(10, 3): expected int64 indices");
        assertThatThrownBy(() -> new LayerNorm(4, 5).call(Tensors.zeros(2, 5, 4)))
                .hasMessage("LayerNorm([4, 5]): expected input (*, 4, 5), got [2, 5, 4]");
        assertThatThrownBy(() -> new ConvTranspose2d(4, 2, 3, ConvTranspose2d.Options.defaults()).call(Tensors.zeros(1, 3, 5, 5)))
                .hasMessageStartingWith("ConvTranspose2d(4->2): ").hasMessageContaining("(N, 4, H, W)").hasMessageContaining("[1, 3, 5, 5]");
        assertThatThrownBy(() -> new Conv1d(3, 4, 3).call(Tensors.zeros(2, 3, 4, 4)))
                .hasMessageStartingWith("Conv1d(3->4): ").hasMessageContaining("(N, 3, L)").hasMessageContaining("[2, 3, 4, 4]");
        assertThatThrownBy(() -> new GroupNorm(2, 6).call(Tensors.zeros(2, 4, 3, 3)))
                .hasMessageStartingWith("GroupNorm(2, 6)").hasMessageContaining("[2, 4, 3, 3]");
        assertThatThrownBy(() -> new InstanceNorm2d(3).call(Tensors.zeros(2, 4, 3, 3)))
                .hasMessageStartingWith("InstanceNorm2d(3)").hasMessageContaining("[2, 4, 3, 3]");
        assertThatThrownBy(() -> new MaxPool2d(2).call(Tensors.zeros(4, 4)))
                .hasMessageContaining("(N, C, H, W)").hasMessageContaining("[4, 4]");
        assertThatThrownBy(() -> new Conv2d(3, 16, 3, Conv2d.Options.defaults().groups(2)))
                .hasMessageContaining("divisible by groups 2");
        assertThatThrownBy(() -> new Conv2d(3, 6, 3, Conv2d.Options.defaults().padding("same").stride(2)))
                .hasMessageContaining("padding='same' is not supported for strided convolutions");
    }

    @Test
    void invalidHyperParametersAreRejectedWhenTheLayerIsBuilt() {
        assertThatThrownBy(() -> new Dropout(-0.1)).hasMessage("Dropout: probability has to be between 0 and 1, but got -0.1");
        assertThatThrownBy(() -> new Dropout2d(1.5)).hasMessageContaining("between 0 and 1, but got 1.5");
        assertThatThrownBy(() -> new AlphaDropout(-1)).hasMessageContaining("between 0 and 1, but got -1.0");
        assertThatThrownBy(() -> new Conv2d(3, 8, 3, 0, 1)).hasMessage("Conv2d: stride must be positive, got [0, 0]");
        assertThatThrownBy(() -> new Conv1d(3, 8, 3, 0, 0, 1, 1, true, GEN)).hasMessageStartingWith("Conv1d(3->8): ")
                .hasMessageContaining("stride 0");
        assertThatThrownBy(() -> new ConvTranspose2d(3, 8, 3, ConvTranspose2d.Options.defaults().stride(0)))
                .hasMessage("ConvTranspose2d: stride must be positive, got [0, 0]");
        assertThatThrownBy(() -> ConvTranspose2d.Options.defaults().outputPadding(-1))
                .hasMessage("ConvTranspose2d: output_padding must be non-negative, got [-1, -1]");
        assertThatThrownBy(() -> new MaxPool2d(2, 0)).hasMessage("MaxPool2d: stride must be positive, got [0, 0]");
        assertThatThrownBy(() -> new MaxPool2d(2, 2, 2)).hasMessageStartingWith("MaxPool2d: padding should be at most half of kernel size");
        assertThatThrownBy(() -> new AvgPool2d(0)).hasMessage("AvgPool2d: kernel_size must be positive, got [0, 0]");
        assertThatThrownBy(() -> new LPPool2d(-1, 2)).hasMessage("LPPool2d: norm type p must be positive, got -1.0");
        assertThatThrownBy(() -> new Linear(0, 3)).hasMessageContaining("Linear").hasMessageContaining("positive");
        assertThatThrownBy(() -> new GroupNorm(3, 8)).hasMessageContaining("GroupNorm").hasMessageContaining("divisible");
        assertThatThrownBy(() -> new Maxout(0)).hasMessageContaining("Maxout").hasMessageContaining("positive");
        assertThatThrownBy(() -> new Embedding(-1, 3)).hasMessageContaining("Embedding").hasMessageContaining("positive");
        assertThatThrownBy(() -> Upsample.scale(2, "bicubic", false)).hasMessageContaining("bicubic");
    }

    @Test
    void defaultInitMatchesPyTorchBounds() {
        var fc = new Linear(400, 120, true, new Generator(1));
        double bound = 1 / Math.sqrt(400);
        assertWithinAndSpread(fc.weight.data(), bound);
        assertWithinAndSpread(fc.bias.data(), bound);
        var conv = new Conv2d(6, 16, 5);
        double convBound = 1 / Math.sqrt(6 * 25);
        assertWithinAndSpread(conv.weight.data(), convBound);
        assertWithinAndSpread(conv.bias.data(), convBound);
        var bn = new BatchNorm2d(8);
        assertThat(bn.weight.data().toDoubleArray()).containsOnly(1.0);
        assertThat(bn.bias.data().toDoubleArray()).containsOnly(0.0);
        assertThat(bn.runningVar.data().toDoubleArray()).containsOnly(1.0);
        assertThat(new PReLU().weight.data().toDoubleArray()).containsExactly(0.25);
        Tensor emb = new Embedding(100, 50, new Generator(2)).weight.data();
        assertThat(emb.mean().item()).isCloseTo(0, within(0.05));
        assertThat(emb.std().item()).isCloseTo(1, within(0.05));
    }

    /** All values in [-bound, bound], and a spread close to the uniform's (std bound/√3). */
    private static void assertWithinAndSpread(Tensor t, double bound) {
        assertThat(t.abs().max().item()).isLessThanOrEqualTo(bound);
        if (t.numel() >= 1000) assertThat(t.std().item()).isCloseTo(bound / Math.sqrt(3), within(bound * 0.05));
    }

    @Test
    void conv2dOutputSizesFollowTheFormula() {
        Tensor x = Tensors.zeros(2, 3, 28, 28);
        assertThat(new Conv2d(3, 8, 5).call(x).shape()).containsExactly(2, 8, 24, 24);
        assertThat(new Conv2d(3, 8, 3, 2, 1).call(x).shape()).containsExactly(2, 8, 14, 14);
        assertThat(new Conv2d(3, 8, 3, Conv2d.Options.defaults().padding("same").dilation(2)).call(x).shape()).containsExactly(2, 8, 28, 28);
        assertThat(new Conv2d(3, 9, 1, Conv2d.Options.defaults().groups(3)).numParameters()).isEqualTo(9 + 9);
        assertThat(new Conv1d(3, 4, 3, 2, 1, 1, 1, true, GEN).call(Tensors.zeros(2, 3, 10)).shape()).containsExactly(2, 4, 5);
        assertThat(new ConvTranspose2d(3, 4, 2, ConvTranspose2d.Options.defaults().stride(2)).call(x).shape()).containsExactly(2, 4, 56, 56);
        // transposed: (H − 1)·S − 2P + D·(K − 1) + output_padding + 1; weight (C_in, C_out/groups, K, K)
        var up = new ConvTranspose2d(3, 6, 3, ConvTranspose2d.Options.defaults().stride(2).padding(1).outputPadding(1).groups(3));
        assertThat(up.call(x).shape()).containsExactly(2, 6, 56, 56);
        assertThat(up.numParameters()).isEqualTo(3 * 2 * 3 * 3 + 6);
        assertThat(new Conv1d(4, 6, 5, 1, 0, 1, 2, false, GEN).numParameters()).isEqualTo(6 * 2 * 5);
        assertThat(new Conv2d(3, 8, 3).call(Tensors.zeros(3, 10, 10)).shape()).containsExactly(8, 8, 8);
    }

    @Test
    void poolingAndResamplingLayersProduceTheExpectedShapes() {
        Tensor x = Tensors.randn(new int[] {2, 4, 8, 8}, GEN);
        assertThat(new MaxPool2d(2).call(x).shape()).containsExactly(2, 4, 4, 4);
        assertThat(new AvgPool2d(3, 1, 1).call(x).shape()).containsExactly(2, 4, 8, 8);
        assertThat(new LPPool2d(2, 2).call(x.abs()).shape()).containsExactly(2, 4, 4, 4);
        assertThat(new AdaptiveAvgPool2d(1).call(x).shape()).containsExactly(2, 4, 1, 1);
        assertThat(new AdaptiveMaxPool2d(3, 2).call(x).shape()).containsExactly(2, 4, 3, 2);
        assertThat(Upsample.scale(2, "nearest", false).call(x).shape()).containsExactly(2, 4, 16, 16);
        assertThat(Upsample.size(5, 7, "bilinear", true).call(x).shape()).containsExactly(2, 4, 5, 7);
        assertThat(new PixelShuffle(2).call(x).shape()).containsExactly(2, 1, 16, 16);
        var pooled = new MaxPool2d(2).forwardWithIndices(x);
        Tensor restored = new MaxUnpool2d(2).forward(pooled.values(), pooled.indices(), null);
        assertThat(restored.shape()).containsExactly(2, 4, 8, 8);
        assertThat(restored.amax(new int[] {2, 3}, false).equal(x.amax(new int[] {2, 3}, false))).isTrue();
    }

    @Test
    void batchNorm2dMatchesPyTorchInTrainingAndEvaluation() {
        JsonNode f = Fixtures.load("nn.json").get("batch_norm");
        var bn = new BatchNorm2d(3);
        bn.loadStateDict(java.util.Map.of("weight", Fixtures.tensor(f.get("weight")), "bias", Fixtures.tensor(f.get("bias"))), false);
        for (int i = 0; i < 2; i++) {
            Tensor y = bn.call(Fixtures.tensor(f.get("inputs").get(i)));
            Fixtures.assertClose("train output " + i, y, Fixtures.tensor(f.get("train_outputs").get(i)), 1e-4, 1e-5);
        }
        Fixtures.assertClose("running_mean", bn.runningMean.data(), Fixtures.tensor(f.get("running_mean")), 1e-5, 1e-6);
        Fixtures.assertClose("running_var", bn.runningVar.data(), Fixtures.tensor(f.get("running_var")), 1e-5, 1e-6);
        assertThat(bn.numBatchesTracked.data().itemLong()).isEqualTo(f.get("num_batches_tracked").asLong());
        bn.eval();
        Fixtures.assertClose("eval output", bn.call(Fixtures.tensor(f.get("inputs").get(0))), Fixtures.tensor(f.get("eval_output")), 1e-4, 1e-5);
        assertThat(bn.numBatchesTracked.data().itemLong()).isEqualTo(2);
    }

    @Test
    void batchNormWithoutRunningStatsAlwaysUsesBatchStatistics() {
        var bn = new BatchNorm1d(2, 1e-5, 0.1, false, false);
        assertThat(bn.stateDict()).isEmpty();
        bn.eval();
        Tensor y = bn.call(Tensors.tensor(new double[][] {{1, 10}, {3, 30}}));
        assertThat(y.toDoubleArray()).containsExactly(new double[] {-1, -1, 1, 1}, within(1e-3));
    }

    @Test
    void normalisationLayersKeepShapesAndNormalise() {
        Tensor x = Tensors.randn(new int[] {2, 4, 3, 3}, GEN).mul(5.0).add(2.0);
        Tensor ln = new LayerNorm(4, 3, 3).call(x);
        assertThat(ln.mean(new int[] {1, 2, 3}, false).abs().max().item()).isLessThan(1e-5);
        Tensor gn = new GroupNorm(2, 4).call(x);
        assertThat(gn.shape()).containsExactly(2, 4, 3, 3);
        Tensor in = new InstanceNorm2d(4).call(x);
        assertThat(in.mean(new int[] {2, 3}, false).abs().max().item()).isLessThan(1e-5);
        assertThat(new InstanceNorm2d(4).stateDict()).isEmpty();
        assertThat(new LocalResponseNorm(3).call(x).shape()).containsExactly(2, 4, 3, 3);
    }

    @Test
    void dropoutModulesFollowTheTrainingFlag() {
        var drop = new Dropout(0.5, new Generator(0));
        Tensor x = Tensors.ones(10, 10);
        assertThat(drop.call(x).toDoubleArray()).contains(0.0, 2.0);
        drop.eval();
        assertThat(drop.call(x)).isSameAs(x);
        var drop2d = new Dropout2d(0.5, new Generator(1));
        drop2d.eval();
        assertThat(drop2d.call(Tensors.ones(2, 3, 4, 4)).sum().item()).isEqualTo(96);
        var alpha = new AlphaDropout(0.2, new Generator(2));
        alpha.eval();
        assertThat(alpha.call(x)).isSameAs(x);
    }

    @Test
    void activationModulesDelegateToTheFunctions() {
        Tensor x = Tensors.tensor(-2, -0.5, 0.5, 2);
        assertThat(new ReLU().call(x).toDoubleArray()).containsExactly(0, 0, 0.5, 2);
        assertThat(new LeakyReLU().call(x).toDoubleArray()).containsExactly(new double[] {-0.02, -0.005, 0.5, 2}, within(1e-7));
        assertThat(new LeakyReLU(0.1).call(x).toDoubleArray()).containsExactly(new double[] {-0.2, -0.05, 0.5, 2}, within(1e-7));
        assertThat(new Hardtanh().call(x).toDoubleArray()).containsExactly(-1, -0.5, 0.5, 1);
        assertThat(new PReLU().call(x).toDoubleArray()).containsExactly(-0.5, -0.125, 0.5, 2);
        assertThat(new Sigmoid().call(Tensors.tensor(0)).item()).isEqualTo(0.5);
        assertThat(new Tanh().call(Tensors.tensor(0)).item()).isEqualTo(0);
        assertThat(new ELU().call(Tensors.tensor(-1)).item()).isCloseTo(Math.exp(-1) - 1, within(1e-6));
        assertThat(new SELU().call(Tensors.tensor(1)).item()).isCloseTo(1.0507009873554805, within(1e-6));
        assertThat(new GELU().call(Tensors.tensor(1)).item()).isCloseTo(0.8413447460685429, within(1e-6));
        assertThat(new SiLU().call(Tensors.tensor(1)).item()).isCloseTo(0.7310585786300049, within(1e-6));
        assertThat(new Softplus().call(Tensors.tensor(0)).item()).isCloseTo(Math.log(2), within(1e-6));
        assertThat(new Softmax(0).call(x).sum().item()).isCloseTo(1, within(1e-6));
        assertThat(new LogSoftmax(0).call(x).exp().sum().item()).isCloseTo(1, within(1e-6));
        assertThat(new Maxout(2, 0).call(x).toDoubleArray()).containsExactly(-0.5, 2);
        assertThat(new Identity().call(x)).isSameAs(x);
    }

    @Test
    void preluEmbeddingAndBilinearPassGradcheck() {
        Tensor x = randn64(2, 3, 4).add(0.0).detach().requiresGrad_(true);
        GradCheck.gradcheck(in -> dev.jgrad.nn.functional.F.prelu(in[0], in[1]), x,
                Tensors.tensor(0.25, 0.1, -0.2).to(DType.FLOAT64).requiresGrad_(true));
        Tensor idx = Tensors.fromArray(new long[] {1, 0, 3, 1, 1, 2}, 2, 3);
        GradCheck.gradcheck(in -> dev.jgrad.nn.functional.F.embedding(idx, in[0]), randn64(4, 5));
        assertThat(new Embedding(4, 5).call(idx).shape()).containsExactly(2, 3, 5);
        var bil = new Bilinear(3, 2, 4);
        assertThat(bil.forward(Tensors.ones(5, 3), Tensors.ones(5, 2)).shape()).containsExactly(5, 4);
        GradCheck.gradcheck(in -> dev.jgrad.nn.functional.F.bilinear(in[0], in[1], in[2], in[3]), randn64(2, 3), randn64(2, 2),
                randn64(4, 3, 2), randn64(4));
    }

    @Test
    void flattenAndUnflattenAreInverse() {
        Tensor x = Tensors.zeros(4, 1, 28, 28);
        Tensor flat = new Flatten().call(x);
        assertThat(flat.shape()).containsExactly(4, 784);
        assertThat(new Unflatten(1, 1, 28, 28).call(flat).shape()).containsExactly(4, 1, 28, 28);
        assertThat(new Flatten(0, -1).call(x).shape()).containsExactly(3136);
    }

    @Test
    void lossModulesWrapTheFunctionalLosses() {
        Tensor logits = Tensors.tensor(new double[][] {{2, 1, 0}, {0, 0, 3}});
        Tensor y = Tensors.fromArray(new long[] {0, 2}, 2);
        double ce = dev.jgrad.nn.functional.Losses.crossEntropy(logits, y).item();
        assertThat(new CrossEntropyLoss().call(logits, y).item()).isEqualTo(ce);
        var weighted = new CrossEntropyLoss(CrossEntropyOptions.defaults().weight(Tensors.tensor(1, 1, 2)).reduction(Reduction.SUM));
        assertThat(weighted.stateDict().keySet()).containsExactly("weight");
        assertThat(weighted.call(logits, y).item()).isGreaterThan(ce);
        assertThat(new NLLLoss().call(logits.logSoftmax(1), y).item()).isCloseTo(ce, within(1e-6));
        assertThat(new MSELoss().call(Tensors.tensor(1, 2), Tensors.tensor(0, 0)).item()).isEqualTo(2.5);
        assertThat(new L1Loss(Reduction.SUM).call(Tensors.tensor(1, -2), Tensors.tensor(0, 0)).item()).isEqualTo(3);
        assertThat(new SmoothL1Loss().call(Tensors.tensor(0.5), Tensors.tensor(0)).item()).isEqualTo(0.125);
        assertThat(new HuberLoss(Reduction.MEAN, 1).call(Tensors.tensor(3), Tensors.tensor(0)).item()).isEqualTo(2.5);
        assertThat(new BCELoss().call(Tensors.tensor(0.5), Tensors.tensor(1)).item()).isCloseTo(Math.log(2), within(1e-6));
        assertThat(new BCEWithLogitsLoss().call(Tensors.tensor(0), Tensors.tensor(1)).item()).isCloseTo(Math.log(2), within(1e-6));
        assertThat(new MultiMarginLoss().call(logits, y).item()).isGreaterThanOrEqualTo(0);
        assertThat(new HingeEmbeddingLoss().call(Tensors.tensor(0.3), Tensors.tensor(-1)).item()).isCloseTo(0.7, within(1e-6));
        assertThat(new KLDivLoss(Reduction.BATCHMEAN, false).call(Tensors.tensor(new double[][] {{Math.log(0.5), Math.log(0.5)}}),
                Tensors.tensor(new double[][] {{0.5, 0.5}})).item()).isCloseTo(0, within(1e-7));
        assertThat(new PoissonNLLLoss().call(Tensors.tensor(0), Tensors.tensor(1)).item()).isEqualTo(1);
        assertThat(new GaussianNLLLoss().forward(Tensors.tensor(0), Tensors.tensor(0), Tensors.tensor(1)).item()).isEqualTo(0);
        assertThatThrownBy(() -> new MSELoss().call(Tensors.tensor(1))).hasMessageContaining("MSELoss needs a target");
    }
}
