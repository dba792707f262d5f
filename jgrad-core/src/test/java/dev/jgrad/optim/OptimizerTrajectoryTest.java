package dev.jgrad.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** 100-step trajectories of every optimiser against PyTorch ({@code fixtures/optim.json}, "optim"). */
class OptimizerTrajectoryTest {
    @TestFactory
    List<DynamicTest> matchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Problems.FIXTURE.get("optim")) {
            tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
        }
        assertThat(tests).hasSize(60);
        return tests;
    }

    @SuppressWarnings("unchecked")
    private static void check(JsonNode c) {
        String problem = c.get("problem").asText();
        Problems pr = Problems.create(problem);
        Map<String, Object> kwargs = new ObjectMapper().convertValue(c.get("kwargs"), Map.class);
        Optimizer opt = Optimizers.create(c.get("optimizer").asText(), pr.params(), kwargs);
        // 1e-6 relative for the float64 problems, 1e-5 for the float32 MLP (RMSprop's MLP cases
        // use eps 1e-4, see gen_optim.py).
        boolean mlp = problem.equals("mlp");
        double rtol = mlp ? 1e-5 : 1e-6, atol = mlp ? 1e-6 : 1e-9;
        int every = c.get("every").asInt(), steps = c.get("steps").asInt();
        for (int step = 1; step <= steps; step++) {
            pr.computeGrad();
            opt.step();
            if (step % every == 0) {
                double[] actual = pr.flat(), expected = Problems.doubles(c.get("trajectory").get(step / every - 1));
                for (int i = 0; i < actual.length; i++) {
                    if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
                        fail(c.get("id").asText() + ": after step " + step + " element " + i + " is " + actual[i]
                                + " but PyTorch has " + expected[i]);
                    }
                }
            }
        }
    }
}
