package dev.jgrad.nn.functional;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * Linear and bilinear maps, and embedding lookup.
 *
 * <pre>{@code
 * Tensor y = Affine.linear(x, w, b);   // x (N, in), w (out, in), b (out) -> (N, out)
 * }</pre>
 */
public final class Affine {
    private Affine() {}

    /** x @ wᵀ + b over the last dim of x; b may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) throw new IllegalArgumentException("linear: weight must be (out, in), got " + Shape.str(weight.shape()));
        if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input " + Shape.str(x.shape()) + " and weight " + Shape.str(weight.shape())
                    + ": expected last dim " + weight.size(1));
        }
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /** y_k = x1ᵀ W_k x2 + b_k for x1 (N, in1), x2 (N, in2), weight (out, in1, in2), bias (out) or null. */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3 || x1.size(-1) != weight.size(1) || x2.size(-1) != weight.size(2)) {
            throw new IllegalArgumentException("bilinear: inputs " + Shape.str(x1.shape()) + ", " + Shape.str(x2.shape())
                    + " do not match weight " + Shape.str(weight.shape()) + " (out, in1, in2)");
        }
        Tensor y = Tensors.einsum("ni,oij,nj->no", x1, weight, x2);
        return bias == null ? y : y.add(bias);
    }

    /** Rows of weight (num, dim) at int64 indices of any shape: the result is indices.shape + [dim]. */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        if (weight.dim() != 2) throw new IllegalArgumentException("embedding: weight must be (num_embeddings, dim), got " + Shape.str(weight.shape()));
        int[] outShape = java.util.Arrays.copyOf(indices.shape(), indices.dim() + 1);
        outShape[indices.dim()] = weight.size(1);
        return weight.indexSelect(0, indices.reshape(-1)).reshape(outShape);
    }
}
