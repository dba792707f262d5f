package dev.jgrad.nn.models;

import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.tensor.Generator;

import java.util.function.Supplier;

/**
 * A multi-layer perceptron as a {@link Sequential}: Flatten, then per hidden layer Linear,
 * activation and (if dropout > 0) Dropout, then a final Linear. Without dropout the indices
 * match the PyTorch benchmark's {@code nn.Sequential(Flatten, Linear, ReLU, Linear)}, so
 * state-dict keys are {@code 1.weight}, {@code 1.bias}, {@code 3.weight}, {@code 3.bias}.
 *
 * <pre>{@code
 * var mlp = new Mlp(784, 256, 10);                 // 203,530 parameters
 * var deep = new Mlp(new int[] {784, 512, 256, 10}, GELU::new, 0.2, gen);
 * }</pre>
 */
public class Mlp extends Sequential {
    public Mlp(int... sizes) {
        this(sizes, ReLU::new, 0.0, Generator.global());
    }

    public Mlp(int[] sizes, Supplier<? extends Module> activation, double dropout, Generator gen) {
        if (sizes.length < 2) throw new IllegalArgumentException("Mlp: need at least input and output sizes, got " + sizes.length + " sizes");
        add(new Flatten());
        for (int i = 0; i + 1 < sizes.length; i++) {
            add(new Linear(sizes[i], sizes[i + 1], true, gen));
            if (i + 2 < sizes.length) {
                add(activation.get());
                if (dropout > 0) add(new Dropout(dropout, gen));
            }
        }
    }
}
