package dev.jgrad.nn.functional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every activation, affine layer and loss case of {@code fixtures/nn.json} (written by tools/fixtures/gen_nn.py
 * with PyTorch): same output and same gradients of sum(output · grad_output), in float64.
 */
class NnFixtureTest {
    private static final double RTOL = 1e-9, ATOL = 1e-10;

    @TestFactory
    List<DynamicTest> matchesPyTorch() {
        JsonNode cases = Fixtures.load("nn.json").get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
        assertThat(tests).hasSizeGreaterThan(100);
        return tests;
    }

    /**
     * The cross-entropy cases that float32 logits send to the fused kernel ({@link FusedCrossEntropy}:
     * (N, C) logits, no class weights, no label smoothing), run in float32 against the same PyTorch
     * numbers to float tolerance.
     */
    @TestFactory
    List<DynamicTest> fusedFloat32CrossEntropyMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Fixtures.load("nn.json").get("cases")) {
            JsonNode ins = c.get("inputs");
            boolean fused = c.get("op").asText().equals("cross_entropy") && ins.get(2).isNull() && ins.get(0).get("shape").size() == 2
                    && ins.get(1).get("dtype").asText().equals("int64") && c.get("kwargs").get("label_smoothing").asDouble() == 0;
            if (fused) tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c, DType.FLOAT32)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(6);
        return tests;
    }

    private static void check(JsonNode c) {
        check(c, DType.FLOAT64);
    }

    /** One case with its floating inputs in dtype: float64 to 1e-9, float32 to float rounding. */
    private static void check(JsonNode c, DType dtype) {
        boolean exact = dtype == DType.FLOAT64;
        double rtol = exact ? RTOL : 1e-5, atol = exact ? ATOL : 1e-6;
        String id = c.get("id").asText();
        JsonNode ins = c.get("inputs");
        Tensor[] inputs = new Tensor[ins.size()];
        for (int i = 0; i < inputs.length; i++) {
            if (ins.get(i).isNull()) continue;
            inputs[i] = Fixtures.tensor(ins.get(i));
            if (inputs[i].dtype().isFloatingPoint()) inputs[i] = inputs[i].to(dtype);
            if (ins.get(i).get("grad").asBoolean()) inputs[i].requiresGrad_(true);
        }
        Tensor out = function(c.get("op").asText(), c.get("kwargs")).apply(inputs);
        if (!exact) assertThat(out.dtype()).as(id).isEqualTo(dtype);
        Fixtures.assertClose(id + " output", out.to(DType.FLOAT64), Fixtures.tensor(c.get("output")), rtol, atol);
        if (!c.has("grads")) return;
        Tensor gradOut = Fixtures.tensor(c.get("grad_output")).to(out.dtype());
        List<Tensor> wanted = new ArrayList<>();
        List<JsonNode> expected = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && inputs[i].requiresGrad()) {
                wanted.add(inputs[i]);
                expected.add(c.get("grads").get(i));
            }
        }
        Tensor[] grads = Autograd.grad(new Tensor[] {out}, wanted.toArray(Tensor[]::new), new Tensor[] {gradOut}, false, false, true);
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i] == null ? dev.jgrad.tensor.Tensors.zerosLike(wanted.get(i)) : grads[i];
            Fixtures.assertClose(id + " grad " + i, g.to(DType.FLOAT64), Fixtures.tensor(expected.get(i)), exact ? 1e-7 : rtol, exact ? 1e-9 : atol);
        }
    }

    static Function<Tensor[], Tensor> function(String op, JsonNode kw) {
        Reduction r = kw.has("reduction") ? Reduction.of(kw.get("reduction").asText()) : Reduction.MEAN;
        return switch (op) {
            case "relu" -> in -> F.relu(in[0]);
            case "leaky_relu" -> in -> F.leakyRelu(in[0], kw.get("negative_slope").asDouble());
            case "elu" -> in -> F.elu(in[0], kw.get("alpha").asDouble());
            case "selu" -> in -> F.selu(in[0]);
            case "gelu" -> in -> F.gelu(in[0], kw.get("approximate").asText());
            case "silu" -> in -> F.silu(in[0]);
            case "softplus" -> in -> F.softplus(in[0], kw.get("beta").asDouble(), kw.get("threshold").asDouble());
            case "hardtanh" -> in -> F.hardtanh(in[0], kw.get("min").asDouble(), kw.get("max").asDouble());
            case "logsigmoid" -> in -> F.logsigmoid(in[0]);
            case "sigmoid" -> in -> F.sigmoid(in[0]);
            case "tanh" -> in -> F.tanh(in[0]);
            case "softmax" -> in -> F.softmax(in[0], kw.get("dim").asInt());
            case "log_softmax" -> in -> F.logSoftmax(in[0], kw.get("dim").asInt());
            case "prelu" -> in -> F.prelu(in[0], in[1]);
            case "linear" -> in -> F.linear(in[0], in[1], in[2]);
            case "bilinear" -> in -> F.bilinear(in[0], in[1], in[2], in[3]);
            case "embedding" -> in -> F.embedding(in[0], in[1]);
            case "mse_loss" -> in -> F.mseLoss(in[0], in[1], r);
            case "l1_loss" -> in -> F.l1Loss(in[0], in[1], r);
            case "smooth_l1_loss" -> in -> F.smoothL1Loss(in[0], in[1], kw.get("beta").asDouble(), r);
            case "huber_loss" -> in -> F.huberLoss(in[0], in[1], kw.get("delta").asDouble(), r);
            case "cross_entropy" -> in -> F.crossEntropy(in[0], in[1], new CrossEntropyOptions(in[2], kw.get("ignore_index").asLong(),
                    kw.get("label_smoothing").asDouble(), r));
            case "nll_loss" -> in -> F.nllLoss(in[0], in[1], in[2], kw.get("ignore_index").asLong(), r);
            case "binary_cross_entropy" -> in -> F.binaryCrossEntropy(in[0], in[1], in[2], r);
            case "binary_cross_entropy_with_logits" -> in -> F.binaryCrossEntropyWithLogits(in[0], in[1], in[2], in[3], r);
            case "multi_margin_loss" -> in -> F.multiMarginLoss(in[0], in[1], kw.get("p").asInt(), kw.get("margin").asDouble(), in[2], r);
            case "hinge_embedding_loss" -> in -> F.hingeEmbeddingLoss(in[0], in[1], kw.get("margin").asDouble(), r);
            case "kl_div" -> in -> F.klDiv(in[0], in[1], r, kw.get("log_target").asBoolean());
            case "gaussian_nll_loss" -> in -> F.gaussianNllLoss(in[0], in[1], in[2], kw.get("full").asBoolean(), kw.get("eps").asDouble(), r);
            case "poisson_nll_loss" -> in -> F.poissonNllLoss(in[0], in[1], kw.get("log_input").asBoolean(), kw.get("full").asBoolean(),
                    kw.get("eps").asDouble(), r);
            case "cosine_embedding_loss" -> in -> F.cosineEmbeddingLoss(in[0], in[1], in[2], kw.get("margin").asDouble(), r);
            case "triplet_margin_loss" -> in -> F.tripletMarginLoss(in[0], in[1], in[2], kw.get("margin").asDouble(), kw.get("p").asDouble(),
                    kw.get("eps").asDouble(), kw.get("swap").asBoolean(), r);
            case "mixture_density_nll" -> in -> F.mixtureDensityNll(in[0], in[1], in[2], in[3]);
            default -> throw new IllegalArgumentException("no Java function for fixture op " + op);
        };
    }
}
