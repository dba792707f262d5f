package dev.jgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.train.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Schedules and optimiser settings of {@code jgrad train}: resume with them, and bad values as usage errors. */
class TrainOptionsTest {
    private static final Pattern STEP_FILE = Pattern.compile("step-(\\d+)\\.ckpt");

    @TempDir
    Path dir;

    /**
     * A short run (3 epochs of 8 batches), then a copy of its folder cut back to its checkpoint at
     * step 11 (inside epoch 2) and resumed: the final weights are bit-identical.
     */
    @ParameterizedTest
    @ValueSource(strings = {"--schedule plateau --plateau-patience 0 --plateau-factor 0.5 --warmup 4", "--schedule onecycle --optimizer sgd"})
    void resumingMidEpochGivesTheSameWeights(String schedule) throws IOException {
        Path straight = dir.resolve("straight");
        List<String> args = new ArrayList<>(List.of("train", "--model", "mlp", "--epochs", "3", "--batch-size", "32", "--train-size", "256",
                "--val-size", "100", "--augment", "affine", "--threads", "2", "--checkpoint-every", "1", "--keep", "100", "--out", straight.toString()));
        args.addAll(List.of(schedule.split(" ")));
        CliRun first = CliRun.of(args.toArray(String[]::new));
        assertThat(first.exit()).as(first.err()).isZero();

        Path resumed = dir.resolve("resumed");
        Files.createDirectories(resumed.resolve("checkpoints"));
        Files.copy(straight.resolve(TrainConfig.FILE), resumed.resolve(TrainConfig.FILE));
        try (Stream<Path> files = Files.list(straight.resolve("checkpoints"))) {
            for (Path f : files.toList()) {
                Matcher m = STEP_FILE.matcher(f.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) <= 11) Files.copy(f, resumed.resolve("checkpoints").resolve(f.getFileName()));
            }
        }
        CliRun second = CliRun.of("train", "--resume", resumed.toString());
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("from step-000000011.ckpt (epoch 2, batch 3)");

        Map<String, Tensor> want = ModelFile.load(straight.resolve(RunFolder.MODEL)).model().stateDict();
        Map<String, Tensor> got = ModelFile.load(resumed.resolve(RunFolder.MODEL)).model().stateDict();
        for (String key : want.keySet()) assertThat(got.get(key).toFloatArray()).as(key).isEqualTo(want.get(key).toFloatArray());
        assertThat(Files.readAllLines(resumed.resolve("metrics.csv")).stream().map(TrainOptionsTest::withoutTimings))
                .containsExactlyElementsOf(Files.readAllLines(straight.resolve("metrics.csv")).stream().map(TrainOptionsTest::withoutTimings).toList());
    }

    /** A metrics.csv row without its last two cells (seconds, samples per second). */
    private static String withoutTimings(String row) {
        String[] cells = row.split(",");
        return String.join(",", List.of(cells).subList(0, cells.length - 2));
    }

    @Test
    void badOptimizerAndScheduleSettingsAreOneLineUsageErrors() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("--betas 0.9,1.5", "Adam: Invalid beta parameter at index 1: 1.5"),
                Map.entry("--betas 0.9", "--betas takes two values B1,B2, got [0.9]"),
                Map.entry("--eps -1", "Adam: Invalid epsilon value: -1.0"),
                Map.entry("--alpha 0.9", "--alpha does not apply to --optimizer adam, which takes --betas, --eps, --amsgrad, --weight-decay"),
                Map.entry("--optimizer rmsprop --alpha -0.5", "RMSprop: Invalid alpha value: -0.5"),
                Map.entry("--optimizer sgd --dampening 0.1 --nesterov", "SGD: Nesterov momentum requires a momentum and zero dampening, got momentum 0.9 and dampening 0.1"),
                Map.entry("--optimizer sgd --amsgrad", "--amsgrad does not apply to --optimizer sgd, which takes --momentum, --nesterov, --dampening, --weight-decay"),
                Map.entry("--optimizer adadelta --rho 2", "Adadelta: Invalid rho value: 2.0"),
                Map.entry("--optimizer adagrad --lr-decay -1", "Adagrad: Invalid lr_decay value: -1.0"),
                Map.entry("--optimizer nadam --momentum-decay -1", "NAdam: Invalid momentum_decay value: -1.0"),
                Map.entry("--weight-decay -0.1", "Adam: Invalid weight_decay value: -0.1"),
                Map.entry("--schedule sometimes", "unknown --schedule 'sometimes'; choose one of " + Schedules.NAMES),
                Map.entry("--milestones 3", "--milestones applies to --schedule multistep, not cosine"),
                Map.entry("--schedule multistep --milestones 3,10", "--milestones must be epochs from 1 to 9 (--epochs 10), got 10"),
                Map.entry("--schedule plateau --plateau-factor 1.5", "--plateau-factor must be in (0, 1), got 1.5"),
                Map.entry("--schedule onecycle --warmup 100", "--schedule onecycle warms up by itself (over its first 30% of steps); drop --warmup"),
                Map.entry("--schedule exponential --gamma 0", "--gamma must be > 0, got 0.0"));
        cases.forEach((args, message) -> {
            List<String> argv = new ArrayList<>(List.of("train", "--out", dir.resolve("never").toString()));
            argv.addAll(List.of(args.split(" ")));
            CliRun r = CliRun.of(argv.toArray(String[]::new));
            assertThat(r.exit()).as(args).isEqualTo(2);
            assertThat(r.err()).as(args).isEqualTo(message + System.lineSeparator() + "Try 'jgrad train --help' for more information." + System.lineSeparator());
        });
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void everyOptimizerTakesItsSettings() {
        Map<String, Map<String, Object>> cases = Map.of(
                "--optimizer sgd --momentum 0.8 --nesterov --dampening 0", Map.of("momentum", 0.8, "nesterov", true, "dampening", 0.0),
                "--optimizer adam --betas 0.8,0.99 --eps 1e-7 --amsgrad", Map.of("betas", List.of(0.8, 0.99), "eps", 1e-7, "amsgrad", true),
                "--optimizer adamw --amsgrad --weight-decay 0.05", Map.of("amsgrad", true, "weight_decay", 0.05),
                "--optimizer rmsprop --alpha 0.9 --centered --eps 1e-6", Map.of("alpha", 0.9, "centered", true, "eps", 1e-6, "momentum", 0.9),
                "--optimizer adagrad --lr-decay 0.01 --initial-accumulator 0.1", Map.of("lr_decay", 0.01, "initial_accumulator_value", 0.1),
                "--optimizer adadelta --rho 0.95", Map.of("rho", 0.95, "lr", 1.0),
                "--optimizer nadam --momentum-decay 0.005 --betas 0.9,0.99", Map.of("momentum_decay", 0.005, "betas", List.of(0.9, 0.99)),
                "--optimizer radam --betas 0.9,0.99", Map.of("betas", List.of(0.9, 0.99), "lr", 0.003));
        cases.forEach((args, expected) -> {
            TrainConfig cfg = SchedulesTest.config(args.split(" "));
            var opt = OptimizerSettings.create(cfg, List.of(dev.jgrad.tensor.Tensors.zeros(1).requiresGrad_(true)));
            assertThat(opt.paramGroups().getFirst().options()).as(args).containsAllEntriesOf(expected);
        });
    }
}
