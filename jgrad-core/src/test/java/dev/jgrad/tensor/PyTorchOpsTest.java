package dev.jgrad.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static dev.jgrad.testing.Fixtures.assertClose;
import static dev.jgrad.testing.Fixtures.ints;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every op against PyTorch: outputs and the gradients of sum(output * grad_output), from
 * {@code tools/fixtures/gen_ops.py}. Activation functions in the file are checked by the nn tests.
 */
class PyTorchOpsTest {
    private static final JsonNode FIXTURES = Fixtures.load("ops.json");
    private static final Set<String> ACTIVATIONS = Set.of("elu", "selu", "gelu", "silu", "softplus", "hardtanh", "logsigmoid");

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return StreamSupport.stream(FIXTURES.get("cases").spliterator(), false)
                .filter(c -> !ACTIVATIONS.contains(c.get("op").asText()))
                .map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
    }

    @Test
    void fixtureFileCoversTheOpTable() {
        assertThat(FIXTURES.get("cases").size()).isGreaterThan(380);
    }

    private static void check(JsonNode c) {
        List<Tensor> inputs = new ArrayList<>();
        for (JsonNode in : c.get("inputs")) {
            Tensor t = layout(Fixtures.tensor(in), in.has("make") ? in.get("make").asText() : "contiguous");
            if (in.get("grad").asBoolean()) t.requiresGrad_(true);
            inputs.add(t);
        }
        List<Tensor> outs = apply(c.get("op").asText(), c.get("kwargs"), inputs);
        Fixtures.assertCaseMatches(c, inputs, outs, PyTorchOpsTest::rtol, PyTorchOpsTest::atol);
    }

    /** The input in the memory layout the case asks for; the non-contiguous ones are views. */
    private static Tensor layout(Tensor t, String make) {
        Tensor view = switch (make) {
            case "contiguous" -> t;
            case "transposed" -> t.t().contiguous().t();
            case "sliced" -> {
                int[] wide = t.shape();
                int n = wide[wide.length - 1];
                wide[wide.length - 1] = 2 * n + 2;
                Tensor buffer = Tensors.zeros(wide, t.dtype());
                Tensor every2nd = buffer.slice(-1, 1, 2 * n + 1, 2);
                every2nd.copy_(t);
                yield every2nd;
            }
            default -> throw new AssertionError("unknown input layout '" + make + "'");
        };
        assertThat(view.isContiguous()).as("a %s input", make).isEqualTo(make.equals("contiguous") || t.numel() <= 1);
        return view;
    }

    private static double rtol(DType t) {
        return t == DType.FLOAT64 ? 1e-10 : 1e-5;
    }

    private static double atol(DType t) {
        return t == DType.FLOAT64 ? 1e-12 : 1e-6;
    }

    private static List<Tensor> apply(String op, JsonNode kw, List<Tensor> in) {
        Tensor x = in.isEmpty() ? null : in.get(0);
        Tensor other = in.size() > 1 ? in.get(1) : null;
        return switch (op) {
            case "linspace" -> List.of(Tensors.linspace(kw.get("start").asDouble(), kw.get("end").asDouble(), kw.get("steps").asInt()));
            case "arange" -> List.of(kw.has("step")
                    ? Tensors.arange(kw.get("start").asDouble(), kw.get("end").asDouble(), kw.get("step").asDouble())
                    : Tensors.arange(kw.get("start").asInt(), kw.get("end").asInt()));
            case "eye" -> List.of(Tensors.eye(kw.get("n").asInt(), kw.get("m").asInt(), DType.FLOAT32));
            case "T" -> List.of(x.T());
            case "mT" -> List.of(x.mT());
            case "remainder" -> List.of(x.remainder(kw.get("divisor").asDouble()));
            case "ceil" -> List.of(x.ceil());
            case "trunc" -> List.of(x.trunc());
            case "neg" -> List.of(x.neg());
            case "exp" -> List.of(x.exp());
            case "log" -> List.of(x.log());
            case "log1p" -> List.of(x.log1p());
            case "expm1" -> List.of(x.expm1());
            case "sqrt" -> List.of(x.sqrt());
            case "rsqrt" -> List.of(x.rsqrt());
            case "abs" -> List.of(x.abs());
            case "sign" -> List.of(x.sign());
            case "sin" -> List.of(x.sin());
            case "cos" -> List.of(x.cos());
            case "tanh" -> List.of(x.tanh());
            case "sigmoid" -> List.of(x.sigmoid());
            case "relu" -> List.of(x.relu());
            case "reciprocal" -> List.of(x.reciprocal());
            case "square" -> List.of(x.square());
            case "erf" -> List.of(x.erf());
            case "floor" -> List.of(x.floor());
            case "round" -> List.of(x.round());
            case "leaky_relu" -> List.of(x.leakyRelu(kw.get("negative_slope").asDouble()));
            case "pow" -> List.of(other != null ? x.pow(other) : x.pow(kw.get("exponent").asDouble()));
            case "clamp" -> List.of(x.clamp(num(kw, "min", Double.NaN), num(kw, "max", Double.NaN)));
            case "add" -> List.of(kw.has("other_scalar") ? x.add(kw.get("other_scalar").asDouble()) : x.add(other, num(kw, "alpha", 1)));
            case "sub" -> List.of(kw.has("other_scalar") ? x.sub(kw.get("other_scalar").asDouble()) : x.sub(other, num(kw, "alpha", 1)));
            case "mul" -> List.of(kw.has("other_scalar") ? x.mul(kw.get("other_scalar").asDouble()) : x.mul(other));
            case "div" -> List.of(kw.has("other_scalar") ? x.div(kw.get("other_scalar").asDouble()) : x.div(other));
            case "maximum" -> List.of(x.maximum(other));
            case "minimum" -> List.of(x.minimum(other));
            case "atan2" -> List.of(x.atan2(other));
            case "eq", "ne", "lt", "le", "gt", "ge" -> List.of(compare(op, x, kw.has("other_scalar") ? x.detach().mul(0.0).add(kw.get("other_scalar").asDouble()) : other));
            case "where" -> List.of(Tensors.where(x, in.get(1), in.get(2)));
            case "masked_fill" -> List.of(x.maskedFill(other, kw.get("value").asDouble()));
            case "sum" -> List.of(kw.has("dim") ? x.sum(dims(kw), keep(kw)) : x.sum());
            case "mean" -> List.of(kw.has("dim") ? x.mean(dims(kw), keep(kw)) : x.mean());
            case "var", "std" -> {
                double correction = kw.has("correction") ? kw.get("correction").asDouble()
                        : (kw.has("unbiased") && !kw.get("unbiased").asBoolean() ? 0 : 1);
                int[] dims = kw.has("dim") ? dims(kw) : null;
                yield List.of(op.equals("var") ? x.var(dims, correction, keep(kw)) : x.std(dims, correction, keep(kw)));
            }
            case "prod" -> List.of(kw.has("dim") ? x.prod(dims(kw), keep(kw)) : x.prod());
            case "amax" -> List.of(x.amax(dims(kw), keep(kw)));
            case "amin" -> List.of(x.amin(dims(kw), keep(kw)));
            case "max", "min" -> {
                if (!kw.has("dim")) yield List.of(op.equals("max") ? x.max() : x.min());
                Tensor.ValuesIndices r = op.equals("max") ? x.max(kw.get("dim").asInt(), keep(kw)) : x.min(kw.get("dim").asInt(), keep(kw));
                yield List.of(r.values(), r.indices());
            }
            case "argmax" -> List.of(kw.has("dim") ? x.argmax(kw.get("dim").asInt(), keep(kw)) : x.argmax());
            case "argmin" -> List.of(kw.has("dim") ? x.argmin(kw.get("dim").asInt(), keep(kw)) : x.argmin());
            case "logsumexp" -> List.of(x.logsumexp(dims(kw), keep(kw)));
            case "vector_norm" -> {
                JsonNode ord = kw.get("ord");
                double p = ord == null ? 2 : ord.isTextual() ? (ord.asText().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : ord.asDouble();
                yield List.of(x.norm(p, kw.has("dim") && !kw.get("dim").isNull() ? dims(kw) : null, keep(kw)));
            }
            case "softmax" -> List.of(x.softmax(kw.get("dim").asInt()));
            case "log_softmax" -> List.of(x.logSoftmax(kw.get("dim").asInt()));
            case "cumsum" -> List.of(x.cumsum(kw.get("dim").asInt()));
            case "matmul" -> List.of(x.matmul(other));
            case "mm" -> List.of(x.mm(other));
            case "bmm" -> List.of(x.bmm(other));
            case "outer" -> List.of(x.outer(other));
            case "einsum" -> List.of(Tensors.einsum(kw.get("equation").asText(), in.toArray(Tensor[]::new)));
            case "reshape" -> List.of(x.reshape(ints(kw.get("shape"))));
            case "view" -> List.of(x.view(ints(kw.get("size"))));
            case "flatten" -> List.of(x.flatten(kw.has("start_dim") ? kw.get("start_dim").asInt() : 0, kw.has("end_dim") ? kw.get("end_dim").asInt() : -1));
            case "unflatten" -> List.of(x.unflatten(kw.get("dim").asInt(), ints(kw.get("sizes"))));
            case "permute" -> List.of(x.permute(ints(kw.get("dims"))));
            case "transpose" -> List.of(x.transpose(kw.get("dim0").asInt(), kw.get("dim1").asInt()));
            case "t" -> List.of(x.t());
            case "expand" -> List.of(x.expand(ints(kw.get("size"))));
            case "narrow" -> List.of(x.narrow(kw.get("dim").asInt(), kw.get("start").asInt(), kw.get("length").asInt()));
            case "slice" -> List.of(x.slice(kw.get("dim").asInt(), kw.get("start").asInt(), kw.get("end").asInt(), kw.get("step").asInt()));
            case "select" -> List.of(x.select(kw.get("dim").asInt(), kw.get("index").asInt()));
            case "squeeze" -> List.of(kw.has("dim") ? x.squeeze(kw.get("dim").asInt()) : x.squeeze());
            case "unsqueeze" -> List.of(x.unsqueeze(kw.get("dim").asInt()));
            case "chunk" -> x.chunk(kw.get("chunks").asInt(), kw.get("dim").asInt());
            case "split" -> {
                JsonNode s = kw.get("split_size_or_sections");
                yield s.isArray() ? x.split(ints(s), kw.get("dim").asInt()) : x.split(s.asInt(), kw.get("dim").asInt());
            }
            case "cat" -> List.of(Tensors.cat(in, kw.get("dim").asInt()));
            case "stack" -> List.of(Tensors.stack(in, kw.get("dim").asInt()));
            case "flip" -> List.of(x.flip(ints(kw.get("dims"))));
            case "repeat" -> List.of(x.repeat(ints(kw.get("repeats"))));
            case "gather" -> List.of(x.gather(kw.get("dim").asInt(), other));
            case "scatter_add" -> List.of(x.scatterAdd(kw.get("dim").asInt(), in.get(1), in.get(2)));
            case "index_select" -> List.of(x.indexSelect(kw.get("dim").asInt(), other));
            case "one_hot" -> List.of(x.oneHot(kw.get("num_classes").asInt()));
            case "sort" -> {
                Tensor.ValuesIndices r = x.sort(kw.has("dim") ? kw.get("dim").asInt() : -1, kw.has("descending") && kw.get("descending").asBoolean());
                yield List.of(r.values(), r.indices());
            }
            case "topk" -> {
                Tensor.ValuesIndices r = x.topk(kw.get("k").asInt(), kw.has("dim") ? kw.get("dim").asInt() : -1,
                        !kw.has("largest") || kw.get("largest").asBoolean());
                yield List.of(r.values(), r.indices());
            }
            case "to" -> List.of(x.to(DType.fromName(kw.get("dtype").asText())));
            default -> throw new AssertionError("op '" + op + "' in the fixtures has no mapping in " + PyTorchOpsTest.class.getSimpleName());
        };
    }

    private static Tensor compare(String op, Tensor a, Tensor b) {
        return switch (op) {
            case "eq" -> a.eq(b);
            case "ne" -> a.ne(b);
            case "lt" -> a.lt(b);
            case "le" -> a.le(b);
            case "gt" -> a.gt(b);
            default -> a.ge(b);
        };
    }

    private static double num(JsonNode kw, String key, double fallback) {
        return kw.has(key) && !kw.get(key).isNull() ? kw.get(key).asDouble() : fallback;
    }

    private static boolean keep(JsonNode kw) {
        return kw.has("keepdim") && kw.get("keepdim").asBoolean();
    }

    private static int[] dims(JsonNode kw) {
        JsonNode d = kw.get("dim");
        return d.isArray() ? ints(d) : new int[] {d.asInt()};
    }
}
