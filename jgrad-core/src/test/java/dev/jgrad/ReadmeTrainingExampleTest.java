package dev.jgrad;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.data.DataLoader;
import dev.jgrad.data.LoaderOptions;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.lr.CosineAnnealingLR;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Define and train a small model in Java" example: it compiles, runs, learns, and the README shows this exact code. */
class ReadmeTrainingExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/jgrad/ReadmeTrainingExampleTest.java");
    private static final Path README = Path.of("../README.md");
    private static final String BEGIN = "// README example begins", END = "// README example ends";

    @Test
    void trainsAnMlpOnTheBundledDigits() {
        // README example begins
        var digits = MnistDatasets.bundledSplit(8000);             // 8,000 train / 2,000 test, [N, 1, 28, 28]
        var model = new Sequential(
                new Flatten(), new Linear(784, 128), new ReLU(), new Dropout(0.1), new Linear(128, 10));
        var lossFn = new CrossEntropyLoss();
        var opt = new SGD(model.parameters(), new SGD.Options().lr(0.1).momentum(0.9));
        int epochs = 3;
        double accuracy;
        try (var train = DataLoader.of(digits.train(), LoaderOptions.of(64).withShuffle(42))) {
            var schedule = new CosineAnnealingLR(opt, epochs * train.numBatches());
            for (int epoch = 0; epoch < epochs; epoch++) {
                model.train();
                for (var batch : train.epoch(epoch)) {
                    opt.zeroGrad();
                    Tensor loss = lossFn.call(model.call(batch.inputs()), batch.targets());
                    loss.backward();
                    opt.step();
                    schedule.step();                                // per batch
                }
            }
        }
        model.eval();                                               // dropout off
        try (var noGrad = Autograd.noGrad()) {
            Tensor predicted = model.call(digits.test().inputs()).argmax(1, false);
            accuracy = predicted.eq(digits.test().targets()).to(DType.FLOAT32).mean().item();
        }
        System.out.printf("test accuracy %.3f%n", accuracy);       // about 0.93
        // README example ends
        assertThat(accuracy).isGreaterThan(0.9);
    }

    @Test
    void readmeShowsThisCode() throws IOException {
        List<String> readme = javaBlockAfter(Files.readAllLines(README), "## Define and train a small model in Java");
        List<String> body = readme.stream().filter(l -> !l.startsWith("import ") && !l.isBlank()).toList();
        assertThat(body).isEqualTo(snippet(Files.readAllLines(SOURCE)));
        String source = Files.readString(SOURCE);
        assertThat(readme.stream().filter(l -> l.startsWith("import "))).allSatisfy(line -> assertThat(source).contains(line));
    }

    /** The lines of the first ```java block after the heading. */
    private static List<String> javaBlockAfter(List<String> lines, String heading) {
        int start = lines.indexOf(heading);
        assertThat(start).as("README heading \"%s\"", heading).isNotNegative();
        while (!lines.get(start).equals("```java")) start++;
        int end = start + 1;
        while (!lines.get(end).equals("```")) end++;
        return lines.subList(start + 1, end);
    }

    /** The non-blank lines between the markers, with the method's indentation removed. */
    private static List<String> snippet(List<String> source) {
        List<String> out = new ArrayList<>();
        int from = -1;
        for (int i = 0; i < source.size(); i++) if (source.get(i).strip().equals(BEGIN)) from = i;
        int indent = source.get(from).indexOf(BEGIN);
        for (int i = from + 1; !source.get(i).strip().equals(END); i++) {
            if (!source.get(i).isBlank()) out.add(source.get(i).substring(indent));
        }
        return out;
    }
}
