package dev.jgrad.nn.models;

import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * A linear support vector machine: class scores w·x + b on the flattened input, trained with
 * the multi-class hinge loss ({@code Losses.multiMarginLoss}) or, for one output, the binary
 * hinge loss ({@code Losses.hingeLoss}) plus an L2 penalty or weight decay.
 *
 * <pre>{@code
 * var svm = new LinearSVM(784, 10);
 * Tensor loss = Losses.multiMarginLoss(svm.call(x), y);
 * }</pre>
 */
public class LinearSVM extends Module {
    public final Linear linear;

    public LinearSVM(int inFeatures, int classes) {
        this(inFeatures, classes, Generator.global());
    }

    public LinearSVM(int inFeatures, int classes, Generator gen) {
        linear = new Linear(inFeatures, classes, true, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return linear.call(x.dim() > 2 ? x.flatten(1) : x);
    }
}
