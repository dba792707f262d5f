package dev.jgrad.nn;

import dev.jgrad.nn.functional.Activations;
import dev.jgrad.tensor.Tensor;

/**
 * the maximum over groups of {@code pieces} consecutive channels (dim 1 by default): C·k channels in, C out.
 *
 * <pre>{@code
 * Tensor y = new Maxout(2).call(x);   // [8, 64] -> [8, 32]
 * }</pre>
 */
public class Maxout extends Module {
    public final int pieces, dim;

    public Maxout(int pieces) {
        this(pieces, 1);
    }

    public Maxout(int pieces, int dim) {
        if (pieces <= 0) throw new IllegalArgumentException("Maxout: pieces must be positive, got " + pieces);
        this.pieces = pieces;
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Activations.maxout(x, pieces, dim);
    }

    @Override
    public String extraRepr() {
        return "pieces=" + pieces + ", dim=" + dim;
    }
}
