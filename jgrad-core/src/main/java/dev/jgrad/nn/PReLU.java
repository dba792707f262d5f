package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * max(0, x) + a · min(0, x) with a learned slope a (one shared, or one per channel), initialised
 * to 0.25 like {@code nn.PReLU}.
 *
 * <pre>{@code
 * var act = new PReLU(16, 0.25);   // one slope per channel of (N, 16, H, W)
 * }</pre>
 */
public class PReLU extends Module {
    public final int numParameters;
    public final Parameter weight;   // (numParameters)

    public PReLU() {
        this(1, 0.25);
    }

    public PReLU(int numParameters, double init) {
        if (numParameters <= 0) throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        this.numParameters = numParameters;
        weight = new Parameter(Tensors.full(new int[] {numParameters}, init));
    }

    @Override
    public Tensor forward(Tensor x) {
        return Activations.prelu(x, weight.data());
    }

    @Override
    public String extraRepr() {
        return "num_parameters=" + numParameters;
    }
}
