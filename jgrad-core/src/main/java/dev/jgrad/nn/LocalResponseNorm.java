package dev.jgrad.nn;

import dev.jgrad.nn.functional.Normalization;
import dev.jgrad.tensor.Tensor;

/**
 * Local response normalisation across {@code size} neighbouring channels (AlexNet):
 * x / (k + α/n · Σ x²)^β, like {@code nn.LocalResponseNorm} (α 1e-4, β 0.75, k 1).
 *
 * <pre>{@code
 * new LocalResponseNorm(5).call(x);
 * }</pre>
 */
public class LocalResponseNorm extends Module {
    public final int size;
    public final double alpha, beta, k;

    public LocalResponseNorm(int size) {
        this(size, 1e-4, 0.75, 1.0);
    }

    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Normalization.localResponseNorm(x, size, alpha, beta, k);
    }

    @Override
    public String extraRepr() {
        return size + ", alpha=" + LayerChecks.py(alpha) + ", beta=" + LayerChecks.py(beta) + ", k=" + LayerChecks.py(k);
    }
}
