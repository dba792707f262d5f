package dev.jgrad.nn;

import dev.jgrad.nn.functional.Dropouts;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * Dropout for SELU networks that keeps zero mean and unit variance (dropped units take SELU's
 * saturation value, then an affine correction), like {@code nn.AlphaDropout}; identity in evaluation.
 *
 * <pre>{@code
 * new AlphaDropout(0.1).call(h);
 * }</pre>
 */
public class AlphaDropout extends Module {
    public final double p;
    private final Generator generator;

    public AlphaDropout() {
        this(0.5);
    }

    public AlphaDropout(double p) {
        this(p, Generator.global());
    }

    public AlphaDropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("AlphaDropout: probability has to be between 0 and 1, but got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Dropouts.alphaDropout(x, p, isTraining(), generator);
    }

    @Override
    public String extraRepr() {
        return "p=" + LayerChecks.py(p) + ", inplace=False";
    }
}
