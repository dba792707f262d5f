package dev.jgrad.nn.models;

import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.tensor.Generator;

/**
 * LeNet-5 in its PyTorch-classic form, as the {@link Sequential} the PyTorch benchmark builds:
 * Conv(1→6, 5, pad 2)-ReLU-MaxPool(2)-Conv(6→16, 5)-ReLU-MaxPool(2)-Flatten-Linear(400→120)-ReLU-
 * Linear(120→84)-ReLU-Linear(84→10). State-dict keys: {@code 0.*, 3.*, 7.*, 9.*, 11.*};
 * 61,706 parameters for 28×28 inputs.
 *
 * <pre>{@code
 * var net = new LeNet5();
 * Tensor logits = net.call(images);   // [64, 1, 28, 28] -> [64, 10]
 * }</pre>
 */
public class LeNet5 extends Sequential {
    public LeNet5() {
        this(1, 28, 10, Generator.global());
    }

    /** imageSize is the (square) input side; the first Linear takes 16 · ((size / 2 − 4) / 2)² features. */
    public LeNet5(int inChannels, int imageSize, int numClasses, Generator gen) {
        int side = (imageSize / 2 - 4) / 2;
        if (side <= 0) throw new IllegalArgumentException("LeNet5: image size " + imageSize + " is too small (need at least 10)");
        add(new Conv2d(inChannels, 6, new int[] {5}, Conv2d.Options.defaults().padding(2), gen));
        add(new ReLU());
        add(new MaxPool2d(2));
        add(new Conv2d(6, 16, new int[] {5}, Conv2d.Options.defaults(), gen));
        add(new ReLU());
        add(new MaxPool2d(2));
        add(new Flatten());
        add(new Linear(16 * side * side, 120, true, gen));
        add(new ReLU());
        add(new Linear(120, 84, true, gen));
        add(new ReLU());
        add(new Linear(84, numClasses, true, gen));
    }
}
