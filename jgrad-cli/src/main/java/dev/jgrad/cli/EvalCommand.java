package dev.jgrad.cli;

import dev.jgrad.data.Batch;
import dev.jgrad.data.DataLoader;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.train.ClassificationMetrics;
import dev.jgrad.train.ModelFile;
import dev.jgrad.train.ModelInfo;
import dev.jgrad.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jgrad eval RUN|MODEL}: accuracy of a trained model on the held-out data it was trained against. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a trained model (a run folder or its model.safetensors) on its held-out data: accuracy, loss, "
                + "per-class accuracy and the confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "RUN|MODEL", description = "A run folder from 'jgrad train' or a model file.")
    Path model;

    @Override
    public Integer call() throws IOException {
        Path file = RunFolder.modelFile(model);
        ModelFile.Loaded loaded = ModelFile.load(file);
        ModelInfo info = loaded.info();
        TrainingData data = TrainingData.load(info.dataset(), info.mean(), info.std());
        ClassificationMetrics metrics;
        try (DataLoader<Batch> heldOut = data.heldOutLoader(info.evalBatchSize())) {
            metrics = (ClassificationMetrics) Trainer.evaluate(loaded.model(), new CrossEntropyLoss(), heldOut,
                    new ClassificationMetrics(info.classes().size(), 5));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: %s on %s%n", file, info.architecture(), String.join(" ", data.description().get("dataset").toString()));
        out.println(Reports.accuracyLine("held-out", metrics));
        out.print(Reports.perClass(metrics, info.classes()));
        out.flush();
        return 0;
    }
}
