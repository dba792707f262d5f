package dev.jgrad.nn.functional;

import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.Arrays;

import static dev.jgrad.autograd.Node.grads;
import static dev.jgrad.autograd.Node.inputs;
import static dev.jgrad.autograd.Node.saved;

/**
 * Linear and bilinear maps, and embedding lookup.
 *
 * <pre>{@code
 * Tensor y = Affine.linear(x, w, b);   // x (N, in), w (out, in), b (out) -> (N, out)
 * }</pre>
 */
public final class Affine {
    private Affine() {}

    /**
     * x @ wᵀ + b over the last dim of x; b may be null. For float32/float64 operands of one dtype
     * and a bias of shape (out) this is one recorded op, like PyTorch's addmm: see {@link #fusedLinear}.
     * Other cases (integer tensors, mixed dtypes, a bias that broadcasts otherwise) compose matmul and add.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) throw new IllegalArgumentException("linear: weight must be (out, in), got " + Shape.str(weight.shape()));
        if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input " + Shape.str(x.shape()) + " and weight " + Shape.str(weight.shape())
                    + ": expected last dim " + weight.size(1));
        }
        DType t = x.dtype();
        boolean fusable = (t == DType.FLOAT32 || t == DType.FLOAT64) && weight.dtype() == t
                && (bias == null || (bias.dtype() == t && bias.dim() == 1 && bias.size(0) == weight.size(0)));
        if (fusable) return fusedLinear(x, weight, bias);
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /**
     * The linear op on checked operands: forward is one GEMM onto the bias over x viewed as a
     * (rows, in) matrix. Backward computes only the gradients of inputs that require one:
     * dx = g·W, dW = gᵀ·x and db = the column sums of g. It is written with matmul, so with
     * create_graph it is recorded and gradients of any order work; the bias gradient then is a
     * differentiable sum instead of the column-sum kernel.
     */
    private static Tensor fusedLinear(Tensor x, Tensor weight, Tensor bias) {
        int in = weight.size(1), out = weight.size(0), rows = Shape.numel(Arrays.copyOf(x.shape(), x.dim() - 1));
        Tensor xc = x.contiguous(), wc = weight.contiguous(), bc = bias == null ? null : bias.contiguous();
        Storage y = LinearKernels.forward(xc.storage(), xc.storageOffset(), wc.storage(), wc.storageOffset(),
                bc == null ? null : bc.storage(), bc == null ? 0 : bc.storageOffset(), rows, in, out);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = out;
        int[] xShape = x.shape();
        boolean needX = x.requiresGrad(), needW = weight.requiresGrad(), needB = bias != null && bias.requiresGrad();
        return Node.recordWithNewGradients("linear", Tensor.of(y, outShape), inputs(x, weight, bias),
                saved(needW ? x : null, needX ? weight : null),
                (g, s) -> {
                    Tensor g2 = g.reshape(rows, out);
                    return grads(needX ? g2.matmul(s[1]).reshape(xShape) : null,
                            needW ? g2.mT().matmul(s[0].reshape(rows, in)) : null,
                            needB ? biasGradient(g2) : null);
                });
    }

    /** The sum of g's rows: the column-sum kernel unless this backward is itself recorded. */
    private static Tensor biasGradient(Tensor g) {
        if (GradMode.isEnabled()) return g.sum(new int[] {0}, false);
        Tensor gc = g.contiguous();
        return Tensor.of(LinearKernels.columnSums(gc.storage(), gc.storageOffset(), g.size(0), g.size(1)), g.size(1));
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
        int[] outShape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        outShape[indices.dim()] = weight.size(1);
        return weight.indexSelect(0, indices.reshape(-1)).reshape(outShape);
    }
}
