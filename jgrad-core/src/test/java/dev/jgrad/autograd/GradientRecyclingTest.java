package dev.jgrad.autograd;

import dev.jgrad.nn.functional.F;
import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine gives consumed float32 gradients back to the {@link BufferPool}: the arrays must be
 * reused without changing any result, and a gradient that anything outside the engine may still
 * hold must never be reused. The tensors here are large enough to be pooled.
 */
class GradientRecyclingTest {
    private static final Generator GEN = new Generator(7);
    private final Tensor x = Tensors.randn(new int[] {4, 4, 32, 32}, GEN).requiresGrad_();
    private final Tensor w = Tensors.randn(new int[] {4, 4, 3, 3}, GEN).mul(Tensors.scalar(0.2)).requiresGrad_();
    private final Tensor gamma = Tensors.randn(new int[] {4}, GEN).requiresGrad_();
    private final Tensor beta = Tensors.randn(new int[] {4}, GEN).requiresGrad_();
    private final Tensor scale = Tensors.randn(new int[] {1, 4, 1, 1}, GEN).requiresGrad_();

    /**
     * Convolution, batch norm with ReLU, a residual branch (add passes its gradient on twice, the
     * same tensor), a view, a broadcast product and a sum: every way a gradient is shared.
     */
    private Tensor loss(UnaryOperator<Tensor> tap) {
        Tensor h = F.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        Tensor a = tap.apply(F.batchNormRelu(h, null, null, gamma, beta, true, 0.1, 1e-5));
        Tensor r = a.add(x).mul(scale).reshape(4, -1);
        return r.mul(r).sum().add(h.pow(Tensors.scalar(3)).sum());
    }

    private List<float[]> gradients() {
        return List.of(x.grad().toFloatArray(), w.grad().toFloatArray(), gamma.grad().toFloatArray(), beta.grad().toFloatArray(),
                scale.grad().toFloatArray());
    }

    private void clearGradients() {
        for (Tensor t : List.of(x, w, gamma, beta, scale)) t.setGrad(null);
    }

    private List<float[]> backwardOnce(UnaryOperator<Tensor> tap) {
        clearGradients();
        loss(tap).backward();
        return gradients();
    }

    @Test
    void recycledGradientsEqualThoseOfAPassWithoutThePool() {
        List<float[]> reference;
        // A backward pass inside an open scope does not recycle (it counts as a nested pass).
        try (BufferPool.Scope held = BufferPool.open()) {
            assertThat(held).isNotNull();
            reference = backwardOnce(t -> t);
        }
        for (int pass = 0; pass < 3; pass++) {
            List<float[]> recycled = backwardOnce(t -> t);
            for (int i = 0; i < reference.size(); i++) assertThat(recycled.get(i)).containsExactly(reference.get(i));
            assertThat(BufferPool.freeFloats()).as("arrays given back after pass %d", pass).isGreaterThanOrEqualTo(x.numel());
        }
    }

    @Test
    void gradientsSeenOutsideTheEngineAreNeverReused() {
        List<Tensor> kept = new ArrayList<>();
        Tensor[] retained = new Tensor[1];
        Function stash = new Function() {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(Tensors.scalar(2));
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor g) {
                kept.add(g);
                Tensor out = g.mul(Tensors.scalar(2));
                kept.add(out);
                return new Tensor[] {out};
            }
        };
        backwardOnce(t -> {
            t.registerHook(g -> {
                kept.add(g);
                return null;
            });
            Tensor s = stash.apply(t);
            retained[0] = s.retainGrad();
            return s.mul(Tensors.scalar(0.5));
        });
        kept.add(retained[0].grad());
        Tensor h = F.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        kept.add(Autograd.grad(h.mul(h).sum(), h)[0]);
        List<float[]> before = kept.stream().map(Tensor::toFloatArray).toList();
        // Passes of the same sizes, which reuse whatever arrays were given back.
        for (int pass = 0; pass < 3; pass++) backwardOnce(t -> t);
        for (int i = 0; i < kept.size(); i++) assertThat(kept.get(i).toFloatArray()).as("kept gradient %d", i).containsExactly(before.get(i));
    }

    @Test
    void leafGradientsAreNeverReused() {
        List<float[]> first = backwardOnce(t -> t);
        Tensor xGrad = x.grad();
        for (int pass = 0; pass < 3; pass++) backwardOnce(t -> t);
        assertThat(xGrad.toFloatArray()).containsExactly(first.getFirst());
    }
}
