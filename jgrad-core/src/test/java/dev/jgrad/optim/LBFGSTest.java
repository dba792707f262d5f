package dev.jgrad.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LBFGSTest {
    @TestFactory
    List<DynamicTest> matchesPyTorchIncludingEvaluationCounts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Problems.FIXTURE.get("lbfgs")) tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
        assertThat(tests).hasSize(7);
        return tests;
    }

    @SuppressWarnings("unchecked")
    private static void check(JsonNode c) {
        Problems pr = Problems.create(c.get("problem").asText());
        Map<String, Object> kwargs = new ObjectMapper().convertValue(c.get("kwargs"), Map.class);
        Optimizer opt = Optimizers.create("LBFGS", pr.params(), kwargs);
        boolean float32 = pr.params().get(0).dtype() == DType.FLOAT32;
        for (int s = 0; s < c.get("steps").asInt(); s++) {
            opt.step(pr.closure());
            pr.assertMatches(c.get("id").asText() + " after step " + (s + 1), c.get("trajectory").get(s), float32 ? 1e-5 : 1e-6,
                    float32 ? 1e-6 : 1e-9);
            Map<String, Object> st = opt.stateDict().state().get(0);
            assertThat(st.get("func_evals")).as("func_evals after step %d", s + 1).isEqualTo(c.get("func_evals").get(s).asLong());
            assertThat(st.get("n_iter")).as("n_iter after step %d", s + 1).isEqualTo(c.get("n_iter").get(s).asLong());
        }
    }

    @Test
    void strongWolfeSolvesRosenbrockWithPyTorchsFiftyOneEvaluations() {
        Problems pr = Problems.create("rosen");
        var opt = new LBFGS(pr.params(), new LBFGS.Options().maxIter(100).historySize(10).lineSearchFn("strong_wolfe")
                .toleranceGrad(1e-10).toleranceChange(1e-12));
        opt.step(pr.closure());
        assertThat(pr.flat()[0]).isCloseTo(1.0, within(1e-6));
        assertThat(pr.flat()[1]).isCloseTo(1.0, within(1e-6));
        assertThat(opt.stateDict().state().get(0).get("func_evals")).isEqualTo(51L);
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(x) = x^3 - 3x has its local minimum at x = 1; f(0) = 0, f'(0) = -3, f(2) = 2, f'(2) = 9.
        assertThat(StrongWolfe.cubicInterpolate(0, 0, -3, 2, 2, 9, null)).isCloseTo(1.0, within(1e-12));
        assertThat(StrongWolfe.cubicInterpolate(0, 0, -3, 2, 2, 9, new double[] {1.5, 3})).isEqualTo(1.5);
    }

    @Test
    void stepWithoutClosureAndParameterGroupsAreRejected() {
        Tensor x = Tensors.zeros(new int[] {2}, dev.jgrad.tensor.DType.FLOAT64).requiresGrad_(true);
        var opt = new LBFGS(List.of(x), new LBFGS.Options());
        assertThatThrownBy(opt::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("LBFGS: step() needs a closure that re-evaluates the loss; call step(closure)");
        Tensor y = Tensors.zeros(2).requiresGrad_(true);
        assertThatThrownBy(() -> opt.addParamGroup(new ParamGroup(List.of(y))))
                .hasMessage("LBFGS doesn't support per-parameter options (parameter groups)");
        assertThatThrownBy(() -> new LBFGS(List.of(y), new LBFGS.Options().lineSearchFn("armijo")))
                .hasMessage("LBFGS: only 'strong_wolfe' is supported as line_search_fn, got 'armijo'");
    }
}
