package dev.jgrad.nn.models;

import dev.jgrad.nn.Module;
import dev.jgrad.tensor.Generator;

import java.util.List;

/**
 * The model zoo by name, for the command line: "logreg", "svm", "mlp" (in-256-classes), "lenet",
 * "cnn" ({@link VggSmall}), "resnet" ({@link ResNet#small}), "resnet18", "unet" (depth 2, 16
 * base channels, per-pixel logits).
 *
 * <pre>{@code
 * Module model = Models.create("lenet");                          // 1×28×28 inputs, 10 classes
 * Module cifar = Models.create("resnet18", 3, 32, 10, new Generator(0));
 * }</pre>
 */
public final class Models {
    private Models() {}

    public static List<String> names() {
        return List.of("logreg", "svm", "mlp", "lenet", "cnn", "resnet", "resnet18", "unet");
    }

    /** A model for 1-channel 28×28 images and 10 classes. */
    public static Module create(String name) {
        return create(name, 1, 28, 10, Generator.global());
    }

    /** A model for square {@code inChannels}×{@code imageSize}×{@code imageSize} images. */
    public static Module create(String name, int inChannels, int imageSize, int numClasses, Generator gen) {
        int features = inChannels * imageSize * imageSize;
        return switch (name) {
            case "logreg" -> new LogisticRegression(features, numClasses, gen);
            case "svm" -> new LinearSVM(features, numClasses, gen);
            case "mlp" -> new Mlp(new int[] {features, 256, numClasses}, dev.jgrad.nn.ReLU::new, 0.0, gen);
            case "lenet" -> new LeNet5(inChannels, imageSize, numClasses, gen);
            case "cnn" -> new VggSmall(inChannels, imageSize, numClasses, gen);
            case "resnet" -> ResNet.small(inChannels, numClasses, gen);
            case "resnet18" -> ResNet.resnet18(inChannels, numClasses, gen);
            case "unet" -> new UNet(inChannels, numClasses, 2, 16, "pool", "transposed", gen);
            default -> throw new IllegalArgumentException("unknown model \"" + name + "\"; choose one of " + names());
        };
    }
}
