package dev.jgrad.autograd;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.util.function.Function;

/**
 * Gradient checkpointing: runs a segment without keeping its intermediate results and runs it
 * again during backward to get them back. Trades compute for memory; gradients are identical
 * because the global generator's state is restored for the recomputation (so dropout repeats).
 */
public final class Checkpoint {
    private Checkpoint() {}

    public static Tensor checkpoint(Function<Tensor[], Tensor> segment, Tensor... inputs) {
        long[] rngState = Generator.global().getState();
        Tensor out;
        try (var scope = Autograd.noGrad()) {
            out = segment.apply(inputs);
        }
        Tensor result = out.detach();
        return Node.recordOpaque("checkpoint", result, inputs, inputs.clone(), (g, saved) -> {
            Tensor[] again = new Tensor[saved.length];
            for (int i = 0; i < saved.length; i++) {
                again[i] = saved[i].detach();
                if (saved[i].requiresGrad()) again[i].requiresGrad_(true);
            }
            long[] now = Generator.global().getState();
            Generator.global().setState(rngState);
            Tensor y;
            try (var scope = Autograd.enableGrad()) {
                y = segment.apply(again);
            } finally {
                Generator.global().setState(now);
            }
            // A full backward, so parameters used inside the segment receive their .grad too.
            Autograd.backward(new Tensor[] {y}, new Tensor[] {g}, GradMode.isEnabled(), GradMode.isEnabled());
            Tensor[] grads = new Tensor[saved.length];
            for (int i = 0; i < saved.length; i++) grads[i] = again[i].grad();
            return grads;
        });
    }
}
