package dev.jgrad.cli;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.data.vision.ColorMode;
import dev.jgrad.data.vision.ImageFiles;
import dev.jgrad.nn.functional.F;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import dev.jgrad.train.ModelFile;
import dev.jgrad.train.ModelInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jgrad predict MODEL IMAGE...}: the class and probabilities a trained model gives each image. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Classify PNG or JPEG images with a trained model (run folder or model file).",
            "Images are converted to the model's channels, resized (bilinear) to its",
            "input size and normalised as in training. MNIST-style models expect a light",
            "digit on a dark background; use --invert for dark ink on white paper."
        })
final class PredictCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A run folder or model file.")
    Path model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files.")
    List<Path> images;

    @Option(names = "--top", defaultValue = "3", paramLabel = "N", description = "Probabilities to print per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--invert", description = "Invert the images (1 - pixel) before use.")
    boolean invert;

    @Override
    public Integer call() throws IOException {
        ModelFile.Loaded loaded = ModelFile.load(RunFolder.modelFile(model));
        ModelInfo info = loaded.info();
        int[] shape = info.inputShape();
        ColorMode mode = switch (shape[0]) {
            case 1 -> ColorMode.GRAYSCALE;
            case 3 -> ColorMode.RGB;
            default -> throw new IllegalArgumentException("predict works on image models (1 or 3 channels); this model takes " + shape[0]);
        };
        PrintWriter out = spec.commandLine().getOut();
        for (Path file : images) {
            double[] p = probabilities(loaded, ImageFiles.read(file, mode), shape, info);
            Integer[] order = IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(k -> -p[k])).toArray(Integer[]::new);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %s (%.1f%%)", file, info.classes().get(order[0]), 100 * p[order[0]]));
            String probabilities = String.join(", ", Arrays.stream(order).limit(Math.max(1, top))
                    .map(k -> String.format(Locale.ROOT, "%s %.4f", info.classes().get(k), p[k])).toList());
            out.println(line.append("   [").append(probabilities).append(']'));
        }
        out.flush();
        return 0;
    }

    private double[] probabilities(ModelFile.Loaded loaded, Tensor image, int[] shape, ModelInfo info) {
        Tensor x = image.unsqueeze(0);
        if (x.size(2) != shape[1] || x.size(3) != shape[2]) x = F.interpolate(x, new int[] {shape[1], shape[2]}, null, "bilinear", false);
        if (invert) x = x.neg().add(1.0);
        if (info.mean().length > 0) {
            Tensor mean = Tensors.fromArray(info.mean(), 1, shape[0], 1, 1).to(x.dtype());
            Tensor std = Tensors.fromArray(info.std(), 1, shape[0], 1, 1).to(x.dtype());
            x = x.sub(mean).div(std);
        }
        try (var noGrad = Autograd.noGrad()) {
            return loaded.model().call(x).softmax(1).select(0, 0).toDoubleArray();
        }
    }
}
