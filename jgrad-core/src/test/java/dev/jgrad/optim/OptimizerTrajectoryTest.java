package dev.jgrad.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.tensor.DType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** 100-step trajectories of every optimiser against PyTorch, compared after every step ({@code fixtures/optim.json}, "optim"). */
class OptimizerTrajectoryTest {
    @TestFactory
    List<DynamicTest> matchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Problems.FIXTURE.get("optim")) {
            tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
        }
        assertThat(tests).hasSize(72);
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
        boolean float32 = pr.params().get(0).dtype() == DType.FLOAT32;
        double rtol = float32 ? 1e-5 : 1e-6, atol = float32 ? 1e-6 : 1e-9;
        int steps = c.get("steps").asInt();
        assertThat(steps).isGreaterThanOrEqualTo(100);
        for (int step = 1; step <= steps; step++) {
            pr.computeGrad();
            opt.step();
            pr.assertMatches(c.get("id").asText() + " after step " + step, c.get("trajectory").get(step - 1), rtol, atol);
        }
    }
}
