package dev.jgrad.cli;

import dev.jgrad.nn.Module;
import dev.jgrad.nn.models.Models;
import dev.jgrad.tensor.Generator;
import dev.jgrad.train.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jgrad summary MODEL}: the layer table (layer, output shape, parameters) of a zoo model or a model file. */
@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = "Print the layer table (layer, output shape, number of parameters) of a zoo model or a trained model.")
final class SummaryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A zoo name (logreg, svm, mlp, lenet, cnn, resnet, resnet18, unet), a run folder or a model file.")
    String model;

    @Option(names = "--input", split = ",", paramLabel = "C,H,W", hideParamSyntax = true, defaultValue = "1,28,28",
            description = "Input shape of a zoo model (default: ${DEFAULT-VALUE}).")
    int[] input;

    @Option(names = "--classes", defaultValue = "10", paramLabel = "N", description = "Classes of a zoo model (default: ${DEFAULT-VALUE}).")
    int classes;

    @Override
    public Integer call() throws IOException {
        Module net;
        int[] shape;
        Path path = Path.of(model);
        if (Files.exists(path)) {
            ModelFile.Loaded loaded = ModelFile.load(RunFolder.modelFile(path));
            net = loaded.model();
            shape = loaded.info().inputShape();
        } else {
            if (input.length != 3 || input[1] != input[2]) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--input must be C,H,W with H = W, got " + java.util.Arrays.toString(input));
            }
            if (!Models.names().contains(model)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "'" + model + "' is neither a file nor a zoo model (" + Models.names() + ")");
            }
            net = Models.create(model, input[0], input[1], classes, new Generator(0));
            shape = input;
        }
        spec.commandLine().getOut().println(net.summary(1, shape[0], shape[1], shape[2]));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
