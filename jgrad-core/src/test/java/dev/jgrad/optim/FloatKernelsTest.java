package dev.jgrad.optim;

import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optimisers' float32 vector kernels against their double reference loops
 * ({@link Optimizer#floatKernels} false), for every combination of options, and across thread
 * counts.
 */
class FloatKernelsTest {
    private static final int STEPS = 60;

    /** An optimiser by its PyTorch name and keyword arguments, named so in the test report. */
    private record Config(String optimizer, Map<String, Object> kwargs) {
        Optimizer create(List<Tensor> params) {
            return Optimizers.create(optimizer, params, kwargs);
        }

        @Override
        public String toString() {
            return optimizer + " " + kwargs;
        }
    }

    /** Every combination of the options that pick a different path through a kernel. */
    private static List<Config> configs() {
        List<Boolean> bools = List.of(false, true);
        List<Config> configs = new ArrayList<>();
        for (String adam : List.of("Adam", "AdamW")) {
            configs.addAll(grid(adam, Map.of("lr", 1e-2), Map.of("maximize", bools, "amsgrad", bools, "weight_decay", List.of(0.0, 0.05))));
        }
        for (Config c : grid("SGD", Map.of("lr", 0.05), Map.of("maximize", bools, "weight_decay", List.of(0.0, 5e-4),
                "momentum", List.of(0.0, 0.9), "dampening", List.of(0.0, 0.3), "nesterov", bools))) {
            double mu = (Double) c.kwargs().get("momentum"), damp = (Double) c.kwargs().get("dampening");
            boolean nesterov = (Boolean) c.kwargs().get("nesterov");
            if ((mu != 0 || damp == 0) && (!nesterov || mu != 0 && damp == 0)) configs.add(c);
        }
        configs.addAll(grid("RMSprop", Map.of("lr", 1e-3), Map.of("maximize", bools, "weight_decay", List.of(0.0, 0.01),
                "centered", bools, "momentum", List.of(0.0, 0.9))));
        configs.addAll(grid("Adagrad", Map.of("lr", 0.05, "lr_decay", 0.01, "initial_accumulator_value", 0.1),
                Map.of("maximize", bools, "weight_decay", List.of(0.0, 0.01))));
        configs.addAll(grid("Adadelta", Map.of(), Map.of("maximize", bools, "weight_decay", List.of(0.0, 0.01))));
        configs.addAll(grid("NAdam", Map.of(), Map.of("weight_decay", List.of(0.0, 0.01))));
        configs.addAll(grid("RAdam", Map.of(), Map.of("weight_decay", List.of(0.0, 0.01))));
        return configs;
    }

    /** {@code fixed} with each combination of the {@code varied} values. */
    private static List<Config> grid(String optimizer, Map<String, Object> fixed, Map<String, List<?>> varied) {
        List<Map<String, Object>> kwargs = List.of(new TreeMap<>(fixed));
        for (var option : new TreeMap<>(varied).entrySet()) {
            List<Map<String, Object>> more = new ArrayList<>();
            for (Map<String, Object> k : kwargs) {
                for (Object value : option.getValue()) {
                    Map<String, Object> m = new TreeMap<>(k);
                    m.put(option.getKey(), value);
                    more.add(m);
                }
            }
            kwargs = more;
        }
        return kwargs.stream().map(k -> new Config(optimizer, k)).toList();
    }

    /**
     * Parameters of awkward sizes: a single element, less than a vector, a vector and a bit,
     * several vectors and a tail, a non-contiguous one (updated on a copy) and one that two
     * threads split at a boundary that is not a multiple of the vector length.
     */
    private static List<Tensor> params() {
        Random r = new Random(1);
        List<Tensor> ps = new ArrayList<>();
        for (int n : new int[] {1, 15, 17, 1031, 2 * FloatLoop.GRAIN + 235}) {
            ps.add(Tensors.fromArray(gaussians(r, n), n).requiresGrad_(true));
        }
        ps.add(Tensors.fromArray(gaussians(r, 63), 9, 7).t().requiresGrad_(true));
        return ps;
    }

    private static float[] gaussians(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    /** Standard normal values with one in twenty an exact zero of either sign, for the gradients. */
    private static final float[] NOISE = noise(new Random(3), 1 << 17);

    private static float[] noise(Random r, int n) {
        float[] a = gaussians(r, n);
        for (int i = 0; i < n; i++) if (r.nextInt(20) == 0) a[i] = r.nextBoolean() ? 0f : -0f;
        return a;
    }

    /**
     * Gradients of a random scale per parameter and step, taken from {@link #NOISE} at a random
     * place, as views at a storage offset (so the kernels' vectors are not aligned with the array).
     */
    private static void setGrads(List<Tensor> ps, Random r) {
        for (Tensor p : ps) {
            int n = p.numel();
            float scale = (float) Math.pow(10, r.nextInt(5) - 3);
            float[] a = new float[n + 3];
            int from = r.nextInt(NOISE.length - a.length);
            for (int i = 0; i < a.length; i++) a[i] = NOISE[from + i] * scale;
            p.setGrad(Tensors.fromArray(a, n + 3).narrow(0, 3, n).reshape(p.shape()));
        }
    }

    @TestFactory
    List<DynamicTest> floatKernelsFollowTheReferenceLoops() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Config c : configs()) tests.add(DynamicTest.dynamicTest(c.toString(), () -> compareWithReference(c)));
        return tests;
    }

    /**
     * Steps the kernels and the reference loops side by side on the same gradients. They agree
     * exactly unless the reference, which computes each fused {@code a·b + c} in double and then
     * rounds to float, rounds twice the wrong way: the double result has to land exactly on a
     * tie between two floats (a chance of about 2^-30 per operation; none happens in these
     * runs). Each such event is 1 ulp, and it is carried into later steps, so the bound is 1 ulp
     * per step taken and at most one differing value per million compared; a rounding that the
     * kernels got wrong (a product not rounded, an fma missing) shows in a large fraction of the
     * values instead, and by many ulps where the values are near zero.
     */
    private static void compareWithReference(Config c) {
        List<Tensor> fastParams = params(), refParams = params();
        Optimizer fast = c.create(fastParams), ref = c.create(refParams);
        ref.floatKernels = false;
        Random fastGrads = new Random(2), refGrads = new Random(2);
        Comparison cmp = new Comparison();
        for (int step = 1; step <= STEPS; step++) {
            setGrads(fastParams, fastGrads);
            setGrads(refParams, refGrads);
            fast.step();
            ref.step();
            for (int k = 0; k < fastParams.size(); k++) {
                cmp.add(fastParams.get(k), refParams.get(k), step);
                for (var e : ref.state.get(refParams.get(k)).entrySet()) {
                    Object kernelValue = fast.state.get(fastParams.get(k)).get(e.getKey());
                    if (e.getValue() instanceof Tensor t) cmp.add((Tensor) kernelValue, t, step);
                    else assertThat(kernelValue).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
        assertThat(cmp.differing).as("values that differ, of " + cmp.compared).isLessThanOrEqualTo(cmp.compared / 1_000_000);
    }

    /** Counts differing values and checks each is within 1 ulp per step. */
    private static final class Comparison {
        long compared, differing;

        void add(Tensor kernel, Tensor reference, int step) {
            float[] k = kernel.toFloatArray(), r = reference.toFloatArray();
            for (int i = 0; i < k.length; i++) {
                compared++;
                if (Float.compare(k[i], r[i]) == 0) continue;
                differing++;
                assertThat(Math.abs(k[i] - r[i])).as("element %d after step %d: %s vs %s", i, step, k[i], r[i])
                        .isLessThanOrEqualTo(step * Math.ulp(Math.max(Math.abs(k[i]), Math.abs(r[i]))));
            }
        }
    }

    /** Splitting the vector loops over the pool (at a boundary inside a vector) changes nothing. */
    @TestFactory
    List<DynamicTest> sameResultOnOneAndTwoThreads() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Config c : configs()) {
            tests.add(DynamicTest.dynamicTest(c.toString(), () -> assertThat(run(c, 2)).isDeepEqualTo(run(c, 1))));
        }
        return tests;
    }

    /** The parameters and state tensors after 20 steps on {@code threads} threads, flattened. */
    private static float[][] run(Config c, int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            List<Tensor> ps = params();
            Optimizer opt = c.create(ps);
            Random grads = new Random(2);
            for (int step = 0; step < 20; step++) {
                setGrads(ps, grads);
                opt.step();
            }
            List<float[]> values = new ArrayList<>();
            for (Tensor p : ps) {
                values.add(p.toFloatArray());
                for (Object v : opt.state.get(p).values()) if (v instanceof Tensor t) values.add(t.toFloatArray());
            }
            return values.toArray(float[][]::new);
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
