package dev.jgrad.nn.models;

import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.functional.Losses;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

/**
 * The output layer of a mixture density network: from features (N, in) it predicts, for K
 * Gaussian components, mixture logits {@code pi}, means {@code mu} and log standard deviations
 * {@code sigma} (σ = exp), trained with {@link Losses#mixtureDensityNll}.
 *
 * <pre>{@code
 * var head = new MixtureDensityHead(32, 5, gen);
 * Tensor loss = head.nll(features, y);   // y (N)
 * }</pre>
 */
public class MixtureDensityHead extends Module {
    /** Mixture logits, means and raw (log) standard deviations, each (N, K). */
    public record Output(Tensor piLogits, Tensor mu, Tensor sigmaRaw) {}

    public final int components;
    public final Linear pi;
    public final Linear mu;
    public final Linear sigma;

    public MixtureDensityHead(int inFeatures, int components, Generator gen) {
        if (components <= 0) throw new IllegalArgumentException("MixtureDensityHead: components must be positive, got " + components);
        this.components = components;
        pi = new Linear(inFeatures, components, true, gen);
        mu = new Linear(inFeatures, components, true, gen);
        sigma = new Linear(inFeatures, components, true, gen);
    }

    public Output heads(Tensor x) {
        return new Output(pi.call(x), mu.call(x), sigma.call(x));
    }

    /** Mean negative log-likelihood of target (N) under the predicted mixtures. */
    public Tensor nll(Tensor x, Tensor target) {
        Output o = heads(x);
        return Losses.mixtureDensityNll(o.piLogits(), o.mu(), o.sigmaRaw(), target);
    }

    /** The three heads concatenated: (N, 3K) = [pi logits | mu | sigma raw]. */
    @Override
    public Tensor forward(Tensor x) {
        Output o = heads(x);
        return Tensors.cat(1, o.piLogits(), o.mu(), o.sigmaRaw());
    }
}
