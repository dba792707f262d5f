package dev.jgrad.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Loads the PyTorch reference fixtures under {@code src/test/resources/fixtures} and compares tensors. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static JsonNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) throw new IllegalStateException("fixture /fixtures/" + name + " not found on the test classpath");
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    /** A tensor from {@code {"shape": [...], "dtype": "...", "data": [...]}}. */
    public static Tensor tensor(JsonNode node) {
        int[] shape = ints(node.get("shape"));
        JsonNode data = node.get("data");
        DType dtype = DType.fromName(node.get("dtype").asText());
        int n = data.size();
        return switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = (float) data.get(i).asDouble();
                yield Tensors.fromArray(v, shape);
            }
            case FLOAT64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = data.get(i).asDouble();
                yield Tensors.fromArray(v, shape);
            }
            case INT64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) v[i] = data.get(i).asLong();
                yield Tensors.fromArray(v, shape);
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) v[i] = data.get(i).asBoolean();
                yield Tensors.fromArray(v, shape);
            }
        };
    }

    /**
     * Compares one fixture case with PyTorch: every output with {@code output}/{@code outputs}, then,
     * when the case has {@code grads}, the gradient of Σ output·grad_output with respect to each
     * input that requires one (an input without a gradient must have zeros in the fixture).
     * Tolerances are chosen by the dtype of the expected tensor.
     */
    public static void assertCaseMatches(JsonNode c, List<Tensor> inputs, List<Tensor> outs,
                                         ToDoubleFunction<DType> rtol, ToDoubleFunction<DType> atol) {
        List<JsonNode> expected = new ArrayList<>();
        if (c.has("output")) expected.add(c.get("output"));
        else c.get("outputs").forEach(expected::add);
        assertThat(outs).as("number of outputs").hasSize(expected.size());
        String id = c.get("id").asText();
        for (int i = 0; i < outs.size(); i++) {
            Tensor e = tensor(expected.get(i));
            assertClose(id + " output " + i, outs.get(i), e, rtol.applyAsDouble(e.dtype()), atol.applyAsDouble(e.dtype()));
        }
        if (!c.has("grads")) return;
        List<JsonNode> gradOutputs = new ArrayList<>();
        if (c.has("grad_output")) gradOutputs.add(c.get("grad_output"));
        else c.get("grad_outputs").forEach(gradOutputs::add);
        Tensor loss = null;
        for (int i = 0; i < outs.size(); i++) {
            JsonNode g = gradOutputs.get(i);
            if (g == null || g.isNull()) continue;
            Tensor term = outs.get(i).mul(tensor(g)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        List<Tensor> needGrad = inputs.stream().filter(t -> t != null && t.requiresGrad()).toList();
        Tensor[] grads = Autograd.grad(new Tensor[] {loss}, needGrad.toArray(Tensor[]::new), null, false, false, true);
        int k = 0;
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode g = c.get("grads").get(i);
            if (g.isNull()) continue;
            Tensor e = tensor(g);
            Tensor actual = grads[k++];
            assertClose(id + " grad of input " + i, actual == null ? Tensors.zerosLike(e) : actual, e,
                    rtol.applyAsDouble(e.dtype()), atol.applyAsDouble(e.dtype()));
        }
    }

    /**
     * Asserts same shape and dtype and |actual - expected| <= atol + rtol * |expected|
     * everywhere, naming the worst element.
     */
    public static void assertClose(String what, Tensor actual, Tensor expected, double rtol, double atol) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            fail(what + ": shape " + Arrays.toString(actual.shape()) + " but PyTorch has " + Arrays.toString(expected.shape()));
        }
        if (actual.dtype() != expected.dtype()) {
            fail(what + ": dtype " + actual.dtype() + " but PyTorch has " + expected.dtype());
        }
        double[] a = actual.to(DType.FLOAT64).toDoubleArray(), e = expected.to(DType.FLOAT64).toDoubleArray();
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == e[i] || (Double.isNaN(a[i]) && Double.isNaN(e[i]))) continue;
            double excess = Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
            if (!(excess <= 0) && (worst < 0 || excess > worstExcess)) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            fail(what + ": element " + worst + " of " + Arrays.toString(actual.shape()) + " is " + a[worst]
                    + " but PyTorch has " + e[worst] + " (rtol " + rtol + ", atol " + atol + ")");
        }
    }
}
