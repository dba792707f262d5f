package dev.jgrad.nn.models;

import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.tensor.Generator;

/**
 * A small VGG-style CNN, the benchmark's "cnn" workload, as the same {@link Sequential} the
 * PyTorch peer builds: 2×[conv3×3-BN-ReLU] at 32 channels, MaxPool(2), 2×[conv3×3-BN-ReLU] at
 * 64, MaxPool(2), Flatten, Dropout(0.25), Linear(3136→128), ReLU, Linear(128→10).
 *
 * <pre>{@code
 * var cnn = new VggSmall();
 * Tensor logits = cnn.call(images);   // [128, 1, 28, 28] -> [128, 10]
 * }</pre>
 */
public class VggSmall extends Sequential {
    public VggSmall() {
        this(1, 28, 10, Generator.global());
    }

    public VggSmall(int inChannels, int imageSize, int numClasses, Generator gen) {
        int side = imageSize / 4;
        if (side <= 0) throw new IllegalArgumentException("VggSmall: image size " + imageSize + " is too small (need at least 4)");
        convBnRelu(inChannels, 32, gen);
        convBnRelu(32, 32, gen);
        add(new MaxPool2d(2));
        convBnRelu(32, 64, gen);
        convBnRelu(64, 64, gen);
        add(new MaxPool2d(2));
        add(new Flatten());
        add(new Dropout(0.25, gen));
        add(new Linear(64 * side * side, 128, true, gen));
        add(new ReLU());
        add(new Linear(128, numClasses, true, gen));
    }

    private void convBnRelu(int in, int out, Generator gen) {
        add(new Conv2d(in, out, new int[] {3}, Conv2d.Options.defaults().padding(1), gen));
        add(new BatchNorm2d(out));
        add(new ReLU());
    }
}
