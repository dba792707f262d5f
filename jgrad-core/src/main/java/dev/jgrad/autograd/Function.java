package dev.jgrad.autograd;

import dev.jgrad.tensor.Tensor;

/**
 * A user-defined differentiable operation, like PyTorch's {@code torch.autograd.Function}.
 * {@code forward} runs without recording; {@code backward} receives the output gradient and
 * returns one gradient per input (null where none is needed).
 *
 * <pre>{@code
 * class Multiply extends Function {
 *     protected Tensor forward(Context ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0], in[1]);
 *         return in[0].mul(in[1]);
 *     }
 *     protected Tensor[] backward(Context ctx, Tensor grad) {
 *         Tensor[] s = ctx.savedTensors();
 *         return new Tensor[] {grad.mul(s[1]), grad.mul(s[0])};
 *     }
 * }
 * Tensor z = new Multiply().apply(x, y);
 * }</pre>
 */
public abstract class Function {
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    public final Tensor apply(Tensor... inputs) {
        Context ctx = new Context(inputs);
        Tensor out;
        try (var scope = Autograd.noGrad()) {
            out = forward(ctx, inputs);
        }
        if (out == null) throw new IllegalStateException(getClass().getSimpleName() + ".forward returned null");
        // A fresh handle, so returning an input unchanged does not overwrite that input's history.
        Tensor result = out.detach();
        String name = getClass().getSimpleName().isEmpty() ? "Function" : getClass().getSimpleName();
        return Node.recordOpaque(name, result, inputs, ctx.saved(), (g, saved) -> {
            ctx.unpack(saved);
            Tensor[] grads = backward(ctx, g);
            if (grads == null || grads.length != inputs.length) {
                throw new IllegalStateException(name + ".backward returned " + (grads == null ? "null" : grads.length + " gradients")
                        + ", expected " + inputs.length + " (one per input)");
            }
            return grads;
        });
    }
}
