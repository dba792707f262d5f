package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad hyper-parameters and parameter lists fail like PyTorch, with its messages. */
class ValidationTest {
    private final Tensor w = Tensors.zeros(3).requiresGrad_(true);

    @Test
    void hyperParameters() {
        assertThatThrownBy(() -> new SGD(List.of(w), -1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SGD: Invalid learning rate: -1.0");
        assertThatThrownBy(() -> new SGD(List.of(w), new SGD.Options().momentum(-0.5))).hasMessage("SGD: Invalid momentum value: -0.5");
        assertThatThrownBy(() -> new SGD(List.of(w), new SGD.Options().weightDecay(-1))).hasMessage("SGD: Invalid weight_decay value: -1.0");
        assertThatThrownBy(() -> new SGD(List.of(w), new SGD.Options().nesterov(true)))
                .hasMessage("SGD: Nesterov momentum requires a momentum and zero dampening, got momentum 0.0 and dampening 0.0");
        assertThatThrownBy(() -> new SGD(List.of(w), new SGD.Options().nesterov(true).momentum(0.9).dampening(0.1)))
                .hasMessageStartingWith("SGD: Nesterov momentum requires a momentum and zero dampening");
        assertThatThrownBy(() -> new Adam(List.of(w), new Adam.Options().betas(1.0, 0.999))).hasMessage("Adam: Invalid beta parameter at index 0: 1.0");
        assertThatThrownBy(() -> new AdamW(List.of(w), new AdamW.Options().betas(0.9, -0.1))).hasMessage("AdamW: Invalid beta parameter at index 1: -0.1");
        assertThatThrownBy(() -> new Adam(List.of(w), new Adam.Options().eps(-1e-8))).hasMessage("Adam: Invalid epsilon value: -1.0E-8");
        assertThatThrownBy(() -> new RMSprop(List.of(w), new RMSprop.Options().alpha(-0.1))).hasMessage("RMSprop: Invalid alpha value: -0.1");
        assertThatThrownBy(() -> new Adadelta(List.of(w), new Adadelta.Options().rho(1.5))).hasMessage("Adadelta: Invalid rho value: 1.5");
        assertThatThrownBy(() -> new Adagrad(List.of(w), new Adagrad.Options().lrDecay(-1))).hasMessage("Adagrad: Invalid lr_decay value: -1.0");
        assertThatThrownBy(() -> new NAdam(List.of(w), new NAdam.Options().momentumDecay(-1))).hasMessage("NAdam: Invalid momentum_decay value: -1.0");
        assertThatThrownBy(() -> new Adam.Options().set("momentum", 0.9))
                .hasMessage("Adam: unknown hyper-parameter 'momentum'; expected one of [lr, betas, eps, weight_decay, amsgrad, maximize]");
    }

    @Test
    void perGroupOverridesAreValidatedToo() {
        assertThatThrownBy(() -> new SGD(List.of(new ParamGroup(List.of(w)).set("lr", -0.1)), new SGD.Options()))
                .hasMessage("SGD: Invalid learning rate: -0.1");
    }

    @Test
    void parameterLists() {
        assertThatThrownBy(() -> new SGD(List.of(), 0.1)).hasMessage("SGD: optimizer got an empty parameter list");
        Tensor nonLeaf = w.mul(2);
        assertThatThrownBy(() -> new Adam(List.of(nonLeaf), 0.1)).hasMessage("Adam: can't optimize a non-leaf Tensor [float32 [3]]");
        assertThatThrownBy(() -> new SGD(List.of(new ParamGroup(List.of(w)), new ParamGroup(List.of(w))), new SGD.Options()))
                .hasMessage("SGD: some parameters appear in more than one parameter group");
        assertThatThrownBy(() -> new SGD(List.of(w, w), 0.1)).hasMessage("SGD: a parameter group contains the same parameter twice");
        assertThatThrownBy(() -> new SGD(List.of(Tensors.arange(3)), 0.1))
                .hasMessage("SGD: can only optimize floating point Tensors, got [int64 [3]]");
    }

    @Test
    void newtonNeedsAClosure() {
        var newton = new Newton(List.of(w), new Newton.Options());
        assertThatThrownBy(newton::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("Newton: step() needs a closure returning the loss (with its graph); call step(closure)");
    }
}
