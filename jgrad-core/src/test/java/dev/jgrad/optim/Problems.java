package dev.jgrad.optim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.testing.Fixtures;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The test problems of {@code tools/fixtures/gen_optim.py}: parameters plus a loss over them. */
record Problems(List<Tensor> params, Supplier<Tensor> loss) {
    static final JsonNode FIXTURE = Fixtures.load("optim.json");

    static Problems create(String name) {
        JsonNode spec = FIXTURE.get("problems").get(name.equals("mlp64") ? "mlp" : name);
        return switch (name) {
            case "quad" -> {
                Tensor a = Tensors.fromArray(doubles(spec.get("A")), 2, 2), b = Tensors.fromArray(doubles(spec.get("b")), 2);
                Tensor x = Tensors.fromArray(doubles(spec.get("start")), 2).requiresGrad_(true);
                yield new Problems(List.of(x), () -> quadratic(x, a, b));
            }
            case "rosen" -> {
                Tensor x = Tensors.fromArray(doubles(spec.get("start")), 2).requiresGrad_(true);
                yield new Problems(List.of(x), () -> rosenbrock(x));
            }
            case "mlp", "mlp64" -> {
                DType dtype = name.equals("mlp64") ? DType.FLOAT64 : DType.FLOAT32;
                Tensor xs = Tensors.fromArray(floats(spec.get("x")), Fixtures.ints(spec.get("x_shape"))).to(dtype);
                long[] ys = new long[spec.get("y").size()];
                for (int i = 0; i < ys.length; i++) ys[i] = spec.get("y").get(i).asLong();
                Tensor y = Tensors.fromArray(ys, ys.length).unsqueeze(1);
                List<Tensor> ps = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ps.add(Tensors.fromArray(floats(spec.get("init").get(i)), Fixtures.ints(spec.get("shapes").get(i))).to(dtype).requiresGrad_(true));
                }
                yield new Problems(ps, () -> {
                    Tensor h = xs.matmul(ps.get(0).t()).add(ps.get(1)).tanh();
                    Tensor logits = h.matmul(ps.get(2).t()).add(ps.get(3));
                    return logits.logSoftmax(1).gather(1, y).mean().neg();
                });
            }
            case "negquad", "negrosen" -> {
                Problems p = create(name.substring(3));
                yield new Problems(p.params(), () -> p.loss().get().neg());
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Tensor quadratic(Tensor x, Tensor a, Tensor b) {
        return x.dot(a.matmul(x)).mul(0.5).sub(b.dot(x));
    }

    static Tensor rosenbrock(Tensor x) {
        Tensor x0 = x.select(0, 0), x1 = x.select(0, 1);
        return x1.sub(x0.pow(2)).pow(2).mul(100).add(x0.rsub(1).pow(2));
    }

    /** zeroGrad, forward, backward: one gradient evaluation. */
    void computeGrad() {
        for (Tensor p : params) p.setGrad(null);
        loss.get().backward();
    }

    /** A closure for {@code step(closure)}: zero, evaluate, backward, return the loss. */
    Supplier<Tensor> closure() {
        return () -> {
            for (Tensor p : params) p.setGrad(null);
            Tensor l = loss.get();
            l.backward();
            return l;
        };
    }

    double[] flat() {
        List<Double> out = new ArrayList<>();
        for (Tensor p : params) for (double v : p.contiguous().toDoubleArray()) out.add(v);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The flattened parameters equal PyTorch's {@code expected} to atol + rtol·|expected|, element by element. */
    void assertMatches(String what, JsonNode expected, double rtol, double atol) {
        double[] actual = flat(), e = doubles(expected);
        assertThat(actual).as(what).hasSameSizeAs(e);
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                fail(what + ": element " + i + " is " + actual[i] + " but PyTorch has " + e[i]);
            }
        }
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) a.get(i).asDouble();
        return out;
    }
}
