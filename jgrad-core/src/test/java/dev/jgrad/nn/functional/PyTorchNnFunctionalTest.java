package dev.jgrad.nn.functional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static dev.jgrad.testing.Fixtures.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Convolution, pooling, normalisation and resampling against PyTorch (float32): outputs and the
 * gradients of sum(output * grad_output), from {@code tools/fixtures/gen_nn_functional.py}.
 */
class PyTorchNnFunctionalTest {
    private static final JsonNode FIXTURES = Fixtures.load("nn_functional.json");
    private static final double RTOL = 1e-4, ATOL = 1e-5;

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return StreamSupport.stream(FIXTURES.get("cases").spliterator(), false)
                .map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
    }

    @Test
    void fixtureFileCoversEveryOp() {
        List<String> ops = new ArrayList<>();
        FIXTURES.get("cases").forEach(c -> ops.add(c.get("op").asText()));
        assertThat(ops).contains("conv2d", "conv1d", "conv_transpose2d", "max_pool2d", "max_unpool2d", "avg_pool2d", "lp_pool2d",
                "adaptive_avg_pool2d", "adaptive_max_pool2d", "batch_norm", "batch_norm_steps", "layer_norm", "group_norm",
                "instance_norm", "local_response_norm", "interpolate", "pixel_shuffle");
    }

    private static void check(JsonNode c) {
        List<Tensor> inputs = new ArrayList<>();
        for (JsonNode in : c.get("inputs")) {
            Tensor t = in.isNull() ? null : Fixtures.tensor(in);
            if (t != null && in.get("grad").asBoolean()) t.requiresGrad_(true);
            inputs.add(t);
        }
        List<Tensor> outs = apply(c.get("op").asText(), c.get("kwargs"), inputs);
        Fixtures.assertCaseMatches(c, inputs, outs, dtype -> RTOL, dtype -> ATOL);
    }

    private static List<Tensor> apply(String op, JsonNode kw, List<Tensor> in) {
        Tensor x = in.get(0);
        return switch (op) {
            case "conv2d" -> {
                int[] stride = pair(kw.get("stride")), dilation = pair(kw.get("dilation"));
                int groups = kw.get("groups").asInt();
                JsonNode padding = kw.get("padding");
                yield List.of(padding.isTextual()
                        ? Convolution.conv2d(x, in.get(1), in.get(2), stride, padding.asText(), dilation, groups)
                        : Convolution.conv2d(x, in.get(1), in.get(2), stride, pair(padding), dilation, groups));
            }
            case "conv1d" -> List.of(Convolution.conv1d(x, in.get(1), in.get(2), kw.get("stride").asInt(), kw.get("padding").asInt(),
                    kw.get("dilation").asInt(), kw.get("groups").asInt()));
            case "conv_transpose2d" -> List.of(Convolution.convTranspose2d(x, in.get(1), in.get(2), pair(kw.get("stride")),
                    pair(kw.get("padding")), pair(kw.get("output_padding")), kw.get("groups").asInt(), pair(kw.get("dilation"))));
            case "max_pool2d" -> {
                var r = Pooling.maxPool2dWithIndices(x, pair(kw.get("kernel_size")), pair(kw.get("stride")), pair(kw.get("padding")),
                        pair(kw.get("dilation")), kw.get("ceil_mode").asBoolean());
                yield List.of(r.values(), r.indices());
            }
            case "max_unpool2d" -> List.of(Pooling.maxUnpool2d(x, in.get(1), pair(kw.get("kernel_size")), pair(kw.get("stride")),
                    pair(kw.get("padding")), Fixtures.ints(kw.get("output_size"))));
            case "avg_pool2d" -> List.of(Pooling.avgPool2d(x, pair(kw.get("kernel_size")), pair(kw.get("stride")), pair(kw.get("padding")),
                    kw.get("ceil_mode").asBoolean(), kw.get("count_include_pad").asBoolean()));
            case "lp_pool2d" -> List.of(Pooling.lpPool2d(x, kw.get("norm_type").asDouble(), pair(kw.get("kernel_size")),
                    kw.has("stride") ? pair(kw.get("stride")) : null));
            case "adaptive_avg_pool2d" -> List.of(Pooling.adaptiveAvgPool2d(x, Fixtures.ints(kw.get("output_size"))));
            case "adaptive_max_pool2d" -> List.of(Pooling.adaptiveMaxPool2d(x, Fixtures.ints(kw.get("output_size"))));
            case "batch_norm" -> List.of(Normalization.batchNorm(x, in.get(1), in.get(2), in.get(3), in.get(4),
                    kw.get("training").asBoolean(), kw.get("momentum").asDouble(), kw.get("eps").asDouble()));
            case "batch_norm_steps" -> {
                Tensor runningMean = in.get(3).clone(), runningVar = in.get(4).clone();
                for (int step = 0; step < 3; step++) {
                    Normalization.batchNorm(in.get(step), runningMean, runningVar, in.get(5), in.get(6), true,
                            kw.get("momentum").asDouble(), kw.get("eps").asDouble());
                }
                yield List.of(runningMean, runningVar);
            }
            case "layer_norm" -> List.of(Normalization.layerNorm(x, Fixtures.ints(kw.get("normalized_shape")), in.get(1), in.get(2),
                    kw.get("eps").asDouble()));
            case "group_norm" -> List.of(Normalization.groupNorm(x, kw.get("num_groups").asInt(), in.get(1), in.get(2), kw.get("eps").asDouble()));
            case "instance_norm" -> List.of(Normalization.instanceNorm(x, in.get(1), in.get(2), kw.get("eps").asDouble()));
            case "local_response_norm" -> List.of(Normalization.localResponseNorm(x, kw.get("size").asInt(), kw.get("alpha").asDouble(),
                    kw.get("beta").asDouble(), kw.get("k").asDouble()));
            case "interpolate" -> List.of(Resampling.interpolate(x, kw.has("size") ? Fixtures.ints(kw.get("size")) : null,
                    kw.has("scale_factor") ? doubles(kw.get("scale_factor")) : null, kw.get("mode").asText(),
                    kw.has("align_corners") && kw.get("align_corners").asBoolean()));
            case "pixel_shuffle" -> List.of(Resampling.pixelShuffle(x, kw.get("upscale_factor").asInt()));
            default -> throw new AssertionError("no mapping for op " + op);
        };
    }

    /** A PyTorch int-or-pair argument as an int[]. */
    private static int[] pair(JsonNode node) {
        return node.isArray() ? Fixtures.ints(node) : new int[] {node.asInt()};
    }

    private static double[] doubles(JsonNode node) {
        if (!node.isArray()) return new double[] {node.asDouble()};
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) out[i] = node.get(i).asDouble();
        return out;
    }
}
