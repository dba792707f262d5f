package dev.jgrad.optim.lr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.SGD;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Every scheduler's lr (and OneCycle's momentum) over 200 steps against PyTorch ({@code optim.json}, "schedulers"). */
class SchedulerFixtureTest {
    private static final JsonNode FIXTURE = Fixtures.load("optim.json");

    @TestFactory
    List<DynamicTest> matchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURE.get("schedulers")) tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
        assertThat(tests).hasSize(24);
        return tests;
    }

    private static Optimizer optimizer(JsonNode c) {
        List<ParamGroup> groups = new ArrayList<>();
        for (JsonNode lr : c.get("group_lrs")) groups.add(new ParamGroup(List.of(Tensors.zeros(1).requiresGrad_(true))).set("lr", lr.asDouble()));
        return c.get("optimizer").asText().equals("Adam") ? new Adam(groups, new Adam.Options())
                : new SGD(groups, new SGD.Options().lr(0.1).momentum(0.9));
    }

    static Scheduler build(Optimizer opt, String name, JsonNode kw) {
        return switch (name) {
            case "StepLR" -> new StepLR(opt, kw.get("step_size").asInt(), kw.get("gamma").asDouble());
            case "MultiStepLR" -> new MultiStepLR(opt, Fixtures.ints(kw.get("milestones")), kw.get("gamma").asDouble());
            case "ExponentialLR" -> new ExponentialLR(opt, kw.get("gamma").asDouble());
            case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, kw.get("T_max").asInt(), kw.path("eta_min").asDouble(0));
            case "CosineAnnealingWarmRestarts" -> new CosineAnnealingWarmRestarts(opt, kw.get("T_0").asInt(), kw.path("T_mult").asInt(1),
                    kw.path("eta_min").asDouble(0));
            case "LinearLR" -> kw.isEmpty() ? new LinearLR(opt)
                    : new LinearLR(opt, kw.get("start_factor").asDouble(), kw.get("end_factor").asDouble(), kw.get("total_iters").asInt());
            case "LambdaLR" -> new LambdaLR(opt, e -> Math.pow(0.95, e));
            case "MultiplicativeLR" -> new MultiplicativeLR(opt, e -> 0.97);
            case "ConstantLR" -> kw.isEmpty() ? new ConstantLR(opt) : new ConstantLR(opt, kw.get("factor").asDouble(), kw.get("total_iters").asInt());
            case "PolynomialLR" -> new PolynomialLR(opt, kw.get("total_iters").asInt(), kw.get("power").asDouble());
            case "InverseSqrtLR" -> new InverseSqrtLR(opt, kw.get("warmup_steps").asInt());
            case "SequentialLR" -> new SequentialLR(opt, subs(opt, kw), Fixtures.ints(kw.get("milestones")));
            case "ChainedScheduler" -> new ChainedScheduler(subs(opt, kw));
            case "OneCycleLR" -> OneCycleLR.builder(opt, kw.get("max_lr").asDouble(), kw.get("total_steps").asInt())
                    .annealStrategy(kw.path("anneal_strategy").asText("cos")).threePhase(kw.path("three_phase").asBoolean(false))
                    .divFactor(kw.path("div_factor").asDouble(25)).finalDivFactor(kw.path("final_div_factor").asDouble(1e4))
                    .pctStart(kw.path("pct_start").asDouble(0.3)).build();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static List<LRScheduler> subs(Optimizer opt, JsonNode kw) {
        List<LRScheduler> out = new ArrayList<>();
        for (JsonNode s : kw.get("schedulers")) out.add((LRScheduler) build(opt, s.get("scheduler").asText(), s.get("kwargs")));
        return out;
    }

    private static void check(JsonNode c) {
        Optimizer opt = optimizer(c);
        String name = c.get("scheduler").asText();
        JsonNode kw = c.get("kwargs");
        ReduceLROnPlateau plateau = null;
        Scheduler sched = null;
        if (name.equals("ReduceLROnPlateau")) {
            plateau = ReduceLROnPlateau.builder(opt).mode(kw.get("mode").asText()).factor(kw.path("factor").asDouble(0.1))
                    .patience(kw.get("patience").asInt()).cooldown(kw.path("cooldown").asInt(0)).minLr(kw.path("min_lr").asDouble(0))
                    .threshold(kw.path("threshold").asDouble(1e-4)).thresholdMode(kw.path("threshold_mode").asText("rel")).build();
        } else {
            sched = build(opt, name, kw);
        }
        JsonNode lrs = c.get("lrs"), moms = c.get("momentums");
        for (int step = 0; step < lrs.size(); step++) {
            if (step > 0) {
                opt.step();
                if (plateau != null) plateau.step(c.get("metrics").get(step - 1).asDouble());
                else sched.step();
            }
            for (int g = 0; g < opt.paramGroups().size(); g++) {
                compare(c, "lr", step, g, opt.getLr(g), lrs.get(step).get(g).asDouble());
                if (moms != null) {
                    ParamGroup group = opt.paramGroups().get(g);
                    double m = group.has("betas") ? group.betas()[0] : group.getDouble("momentum");
                    compare(c, "momentum", step, g, m, moms.get(step).get(g).asDouble());
                }
            }
            double[] last = plateau != null ? plateau.getLastLr() : sched.getLastLr();
            assertThat(last[0]).isEqualTo(opt.getLr(0));
        }
    }

    private static void compare(JsonNode c, String what, int step, int group, double actual, double expected) {
        if (!(Math.abs(actual - expected) <= 1e-12 * Math.abs(expected) + 1e-15)) {
            fail(c.get("id").asText() + ": " + what + " of group " + group + " after step " + step + " is " + actual + " but PyTorch has " + expected);
        }
    }
}
