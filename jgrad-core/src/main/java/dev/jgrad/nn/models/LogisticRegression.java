package dev.jgrad.nn.models;

import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * Multinomial logistic regression: one linear layer on the flattened input, producing logits
 * for softmax cross-entropy (or one logit for BCE-with-logits when classes = 1).
 *
 * <pre>{@code
 * var model = new LogisticRegression(784, 10);
 * Tensor loss = Losses.crossEntropy(model.call(images), labels);
 * }</pre>
 */
public class LogisticRegression extends Module {
    public final Linear linear;

    public LogisticRegression(int inFeatures, int classes) {
        this(inFeatures, classes, Generator.global());
    }

    public LogisticRegression(int inFeatures, int classes, Generator gen) {
        linear = new Linear(inFeatures, classes, true, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return linear.call(x.dim() > 2 ? x.flatten(1) : x);
    }
}
