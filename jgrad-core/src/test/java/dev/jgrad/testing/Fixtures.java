package dev.jgrad.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

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
