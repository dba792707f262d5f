package dev.jgrad.autograd;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.jgrad.tensor.Tensors.fromArray;
import static dev.jgrad.tensor.Tensors.scalar;
import static dev.jgrad.tensor.Tensors.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AutogradTest {
    @Test
    void lectureExampleAddThenMultiply() {
        Tensor x = scalar(-2).requiresGrad_(), y = scalar(5).requiresGrad_(), z = scalar(-4).requiresGrad_();
        Tensor f = x.add(y).mul(z);
        f.backward();
        assertThat(f.item()).isEqualTo(-12);
        assertThat(x.grad().item()).isEqualTo(-4);
        assertThat(y.grad().item()).isEqualTo(-4);
        assertThat(z.grad().item()).isEqualTo(3);
    }

    @Test
    void lectureExampleSigmoidNeuron() {
        Tensor w0 = scalar(2).requiresGrad_(), x0 = scalar(-1).requiresGrad_();
        Tensor w1 = scalar(-3).requiresGrad_(), x1 = scalar(-2).requiresGrad_(), w2 = scalar(-3).requiresGrad_();
        w0.mul(x0).add(w1.mul(x1)).add(w2).sigmoid().backward();
        // The lecture lists them to 2 decimals; exactly, each is ±σ'(1) = σ(1)(1 - σ(1)) times an input.
        assertThat(twoDecimals(w0, x0, w1, x1, w2)).containsExactly("-0.20", "0.39", "-0.39", "-0.59", "0.20");
        double dSigma = 1 / (1 + Math.exp(-1)) * (1 - 1 / (1 + Math.exp(-1)));
        assertThat(w0.grad().item()).isCloseTo(-dSigma, within(1e-7));
        assertThat(x1.grad().item()).isCloseTo(-3 * dSigma, within(1e-7));
    }

    private static List<String> twoDecimals(Tensor... leaves) {
        return java.util.Arrays.stream(leaves).map(t -> String.format(java.util.Locale.ROOT, "%.2f", t.grad().item())).toList();
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = tensor(1, 2, 3).requiresGrad_();
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(4, 8, 12);
    }

    @Test
    void broadcastGradientsReduceToTheInputShape() {
        Tensor a = Tensors.ones(2, 3).requiresGrad_(), b = tensor(1, 2, 3).requiresGrad_();
        a.mul(b).sum().backward();
        assertThat(b.grad().shape()).containsExactly(3);
        assertThat(b.grad().toFloatArray()).containsExactly(2, 2, 2);
        assertThat(a.grad().toFloatArray()).containsExactly(1, 2, 3, 1, 2, 3);
    }

    @Test
    void retainGradKeepsNonLeafGradients() {
        Tensor x = tensor(1, 2).requiresGrad_();
        Tensor y = x.mul(3.0).retainGrad();
        Tensor z = y.mul(y).sum();
        z.backward();
        assertThat(y.grad().toFloatArray()).containsExactly(6, 12);
        assertThat(x.grad().toFloatArray()).containsExactly(18, 36);
    }

    @Test
    void nonLeafWithoutRetainGradHasNoGrad() {
        Tensor x = tensor(1, 2).requiresGrad_();
        Tensor y = x.mul(3.0);
        y.sum().backward();
        assertThat(y.grad()).isNull();
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = tensor(1, 2).requiresGrad_();
        Tensor y = x.mul(2.0).detach();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
        Tensor z = x.mul(y).sum();
        z.backward();
        assertThat(x.grad().toFloatArray()).containsExactly(2, 4);
    }

    @Test
    void noGradScopeRecordsNothingAndRestores() {
        Tensor x = tensor(1, 2).requiresGrad_();
        try (var scope = Autograd.noGrad()) {
            assertThat(x.mul(2.0).requiresGrad()).isFalse();
            try (var inner = Autograd.enableGrad()) {
                assertThat(x.mul(2.0).requiresGrad()).isTrue();
            }
            assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(x.mul(2.0).requiresGrad()).isTrue();
    }

    @Test
    void backwardOfNonScalarNeedsAGradient() {
        Tensor x = tensor(1, 2).requiresGrad_();
        assertThatThrownBy(() -> x.mul(2.0).backward())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scalar outputs").hasMessageContaining("[2]");
        Tensor y = x.mul(2.0);
        y.backward(tensor(1, 10));
        assertThat(x.grad().toFloatArray()).containsExactly(2, 20);
    }

    @Test
    void backwardTwiceWithoutRetainGraphFails() {
        Tensor x = tensor(1, 2).requiresGrad_();
        Tensor y = x.exp().sum();
        y.backward();
        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward through the graph a second time")
                .hasMessageContaining("retainGraph");
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = tensor(1, 2).requiresGrad_();
        Tensor y = x.exp().sum();
        y.backward(Tensors.scalar(1), true, false);
        y.backward();
        assertThat(x.grad().toFloatArray()[0]).isCloseTo((float) (2 * Math.E), within(1e-5f));
    }

    @Test
    void modifyingASavedTensorInPlaceFailsBackward() {
        Tensor x = tensor(1, 2).requiresGrad_();
        Tensor y = x.mul(1.0);
        Tensor z = y.exp();         // saves its output
        z.add_(1.0);                // changes the saved output in place
        assertThatThrownBy(() -> z.sum().backward())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("modified by an in-place operation")
                .hasMessageContaining("'exp'")
                .hasMessageContaining("version 1; expected version 0");
    }

    @Test
    void inPlaceOnALeafThatRequiresGradNeedsNoGrad() {
        Tensor w = tensor(1, 2).requiresGrad_();
        assertThatThrownBy(() -> w.add_(1.0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("leaf tensor that requires grad");
        try (var scope = Autograd.noGrad()) {
            w.sub_(tensor(1, 1).mul(0.5));
        }
        assertThat(w.toFloatArray()).containsExactly(0.5f, 1.5f);
        assertThat(w.version()).isEqualTo(1);
    }

    @Test
    void inPlaceOpsOnNonLeavesKeepTheGraph() {
        Tensor x = tensor(1, 2).requiresGrad_();
        Tensor y = x.mul(2.0);
        y.mul_(3.0);
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(6, 6);
    }

    @Test
    void shapeAndDtypeErrorsNameTheOpAndShapes() {
        assertThatThrownBy(() -> Tensors.ones(2, 3).add(Tensors.ones(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add").hasMessageContaining("[2, 3]").hasMessageContaining("[4]");
        assertThatThrownBy(() -> Tensors.ones(2, 3).matmul(Tensors.ones(4, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: [2, 3] @ [4, 5]: inner dims 3 != 4");
        assertThatThrownBy(() -> Tensors.ones(2, 3).matmul(Tensors.ones(3, 2).to(DType.FLOAT64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul").hasMessageContaining("float32").hasMessageContaining("float64");
        assertThatThrownBy(() -> Tensors.arange(3).requiresGrad_())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("floating point");
    }

    @Test
    void tensorHooksSeeAndReplaceGradients() {
        Tensor x = tensor(1, 2).requiresGrad_();
        List<Tensor> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g);
            return g.mul(10.0);
        });
        Tensor y = x.mul(x);
        y.registerHook(g -> g.mul(2.0));
        y.sum().backward();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).toFloatArray()).containsExactly(4, 8);
        assertThat(x.grad().toFloatArray()).containsExactly(40, 80);
    }

    @Test
    void createGraphGivesSecondDerivatives() {
        Tensor x = scalar(3).to(DType.FLOAT64).requiresGrad_();
        Tensor y = x.pow(3.0);
        Tensor dy = Autograd.gradWithGraph(y, x)[0];
        assertThat(dy.item()).isEqualTo(27);
        Tensor d2y = Autograd.grad(dy, x)[0];
        assertThat(d2y.item()).isEqualTo(18);
    }

    @Test
    void hessianOfAQuadraticFormIsTheSymmetricMatrix() {
        Tensor a = Tensors.fromArray(new double[] {2, 1, 0, 3}, 2, 2);
        Tensor x0 = Tensors.fromArray(new double[] {0.5, -1}, 2);
        // f(x) = xᵀ A x + sum(x³): H = A + Aᵀ + diag(6x)
        Tensor h = Autograd.hessian(x -> x.matmul(a.matmul(x)).add(x.pow(3.0).sum()), x0);
        assertThat(h.toDoubleArray()).containsExactly(4 + 3, 1, 1, 6 - 6);
        Tensor v = Tensors.fromArray(new double[] {1, 2}, 2);
        Tensor hv = Autograd.hvp(x -> x.matmul(a.matmul(x)).add(x.pow(3.0).sum()), x0, v);
        assertThat(hv.allclose(h.matmul(v), 1e-12, 1e-12)).isTrue();
    }

    @Test
    void jacobianVjpAndJvpAgree() {
        Tensor w = Tensors.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        java.util.function.Function<Tensor, Tensor> f = x -> w.matmul(x).tanh();
        Tensor x = Tensors.fromArray(new double[] {0.1, -0.2}, 2);
        Tensor j = Autograd.jacobian(f, x);
        assertThat(j.shape()).containsExactly(3, 2);
        Tensor u = Tensors.fromArray(new double[] {1, -1, 2}, 3), v = Tensors.fromArray(new double[] {0.5, 2}, 2);
        assertThat(Autograd.vjp(f, x, u)[1].allclose(u.matmul(j), 1e-12, 1e-12)).isTrue();
        assertThat(Autograd.jvp(f, x, v)[1].allclose(j.matmul(v), 1e-12, 1e-12)).isTrue();
        assertThat(Autograd.jvp(f, x, v)[0].allclose(f.apply(x), 1e-12, 1e-12)).isTrue();
    }

    @Test
    void gradReportsUnusedInputsUnlessAllowed() {
        Tensor x = tensor(1).requiresGrad_(), unused = tensor(2).requiresGrad_();
        assertThatThrownBy(() -> Autograd.grad(x.mul(2.0).sum(), x, unused))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 1").hasMessageContaining("allowUnused");
        Tensor[] g = Autograd.grad(new Tensor[] {x.mul(2.0).sum()}, new Tensor[] {x, unused}, null, false, false, true);
        assertThat(g[0].item()).isEqualTo(2);
        assertThat(g[1]).isNull();
        assertThat(x.grad()).as("grad() leaves .grad alone").isNull();
    }

    @Test
    void userFunctionMultiply() {
        Tensor x = tensor(2, 3).requiresGrad_(), y = tensor(4, 5).requiresGrad_();
        Tensor z = new OpGradcheckTest.Multiply().apply(x, y);
        assertThat(z.gradFn().name()).isEqualTo("Multiply");
        z.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(4, 5);
        assertThat(y.grad().toFloatArray()).containsExactly(2, 3);
    }

    @Test
    void anomalyDetectionNamesTheForwardOp() {
        Tensor x = tensor(0, 1).requiresGrad_();
        try (var scope = Autograd.detectAnomaly()) {
            Tensor y = x.sqrt().sum();     // d sqrt(x)/dx at 0 is inf
            assertThatThrownBy(y::backward)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'sqrtBackward' returned nan or inf")
                    .hasMessageContaining("AutogradTest.anomalyDetectionNamesTheForwardOp");
        }
    }

    @Test
    void checkpointGivesIdenticalGradientsAndFreesTheSegment() {
        Tensor w = Tensors.randn(new int[] {16, 16}, new dev.jgrad.tensor.Generator(1)).requiresGrad_();
        Tensor x0 = Tensors.randn(new int[] {4, 16}, new dev.jgrad.tensor.Generator(2));
        java.util.function.Function<Tensor[], Tensor> segment = in -> in[0].matmul(w).tanh().matmul(w).tanh();

        Tensor plainIn = x0.detach().requiresGrad_();
        segment.apply(new Tensor[] {plainIn}).sum().backward();
        Tensor plainW = w.grad();
        w.setGrad(null);

        Tensor ckptIn = x0.detach().requiresGrad_();
        Tensor out = Checkpoint.checkpoint(segment, ckptIn);
        assertThat(out.gradFn().name()).isEqualTo("checkpoint");
        out.sum().backward();
        assertThat(w.grad().equal(plainW)).isTrue();
        assertThat(ckptIn.grad().equal(plainIn.grad())).isTrue();
    }

    @Test
    void checkpointKeepsOnlyTheSegmentInputs() {
        Tensor w = Tensors.randn(new int[] {16, 16}, new dev.jgrad.tensor.Generator(1)).requiresGrad_();
        Tensor x = Tensors.randn(new int[] {4, 16}, new dev.jgrad.tensor.Generator(2)).requiresGrad_();
        java.util.function.Function<Tensor[], Tensor> segment = in -> in[0].matmul(w).tanh().matmul(w).tanh();
        long xBytes = 4 * 16 * Float.BYTES, wBytes = 16 * 16 * Float.BYTES, hiddenBytes = 4 * 16 * Float.BYTES;

        // Plain: the matmuls save x, w and the first tanh; the tanhs save their outputs.
        long plain = Autograd.savedTensorBytes(segment.apply(new Tensor[] {x}).sum());
        assertThat(plain).isEqualTo(xBytes + wBytes + 2 * hiddenBytes);
        long checkpointed = Autograd.savedTensorBytes(Checkpoint.checkpoint(segment, x).sum());
        assertThat(checkpointed).isEqualTo(xBytes);
    }

    @Test
    void savedTensorsAreFreedAfterBackward() {
        Tensor x = Tensors.randn(new int[] {8}, new dev.jgrad.tensor.Generator(3)).requiresGrad_();
        Tensor y = x.exp().mul(x).sum();
        assertThat(Autograd.savedTensorBytes(y)).isEqualTo(2 * 8 * Float.BYTES);
        y.backward();
        assertThat(Autograd.savedTensorBytes(y)).isZero();
    }

    @Test
    void inferenceModeRecordsNothing() {
        Tensor w = tensor(1, 2).requiresGrad_();
        Tensor y;
        try (var scope = Autograd.inferenceMode()) {
            y = w.mul(3.0).sum();
            assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(y.item()).isEqualTo(9);
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not require grad");
    }

    @Test
    void graphReleasesIntermediatesItDoesNotSave() {
        // add saves nothing, so its (large) inputs are not kept alive by the graph.
        Tensor x = Tensors.ones(4).requiresGrad_();
        Tensor y = x.add(fromArray(new float[] {1, 2, 3, 4}, 4));
        assertThat(y.gradFn().name()).isEqualTo("add");
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(1, 1, 1, 1);
    }

    @Test
    void matmulKeepsOnlyWhatTheGradientsOfInputsThatNeedOneUse() {
        Tensor x = Tensors.randn(new int[] {4, 3}, new dev.jgrad.tensor.Generator(5)), w = Tensors.ones(3, 2).requiresGrad_();
        Tensor y = x.matmul(w);
        // dw = xᵀg needs x; dx = g wᵀ is not computed, so w is not kept.
        assertThat(y.gradFn().savedTensors()).containsExactly(x, null);
        y.sum().backward();
        assertThat(x.grad()).isNull();
        assertThat(w.grad().toFloatArray()).containsExactly(x.sum(0, false).unsqueeze(1).expand(3, 2).contiguous().toFloatArray());
    }

    @Test
    void aLeafTakesANewGradientAsItsOwn() {
        Tensor a = Tensors.fromArray(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad_();
        Tensor g = Tensors.fromArray(new float[] {1, 0, 2, 1}, 2, 2);
        // a @ a gives a two gradients, g aᵀ and aᵀ g, which the engine adds.
        a.matmul(a).backward(g);
        float[] once = {8, 6, 14, 14};
        assertThat(a.grad().toFloatArray()).containsExactly(once);
        Tensor first = a.grad();
        a.matmul(a).backward(g);
        assertThat(a.grad()).isSameAs(first);
        assertThat(a.grad().toFloatArray()).containsExactly(16, 12, 28, 28);
        assertThat(g.toFloatArray()).containsExactly(1, 0, 2, 1);
    }

    @Test
    void aGradientAHookKeepsIsNotChangedByLaterAccumulation() {
        Tensor x = Tensors.fromArray(new float[] {1, 2}, 1, 2), w = Tensors.ones(2, 2).requiresGrad_();
        List<Tensor> seen = new ArrayList<>();
        w.registerHook(g -> {
            seen.add(g);
            return null;
        });
        x.matmul(w).sum().backward();
        x.matmul(w).sum().backward();
        assertThat(seen.get(0).toFloatArray()).containsExactly(1, 1, 2, 2);
        assertThat(w.grad().toFloatArray()).containsExactly(2, 2, 4, 4);
    }
}
