package dev.jgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.io.AtomicFiles;
import dev.jgrad.io.Safetensors;
import dev.jgrad.nn.models.LeNet5;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    /** A state with a stepped Adam (tensors and Long counters in the optimiser state). */
    private static TrainState state(long step) {
        var model = new LeNet5(1, 28, 10, new Generator(step));
        var opt = new Adam(model.parameters(), 1e-3);
        for (Tensor p : model.parameters()) p.setGrad(Tensors.onesLike(p));
        opt.step();
        return new TrainState(1, 5, step, model.stateDict(), opt.stateDict(), Map.of("last_epoch", 3L, "base_lrs", List.of(0.1)), null,
                new Generator(3).getState(), new ClassificationMetrics(10, 5).stateDict(),
                List.of(new EpochResult(1, Map.of("loss", 0.5), Map.of("loss", 0.25, "accuracy", 0.9), 1e-3, 2.5, 100)),
                List.of(new StepRecord(10, 1, 10, 0.7, 1e-3)), Map.of("config", "{}"));
    }

    @Test
    void roundTripsEveryPartExactly() throws IOException {
        TrainState saved = state(7);
        Path file = dir.resolve("c.ckpt");
        Checkpoints.write(file, saved);
        TrainState read = Checkpoints.read(file);
        assertThat(read.epoch()).isEqualTo(1);
        assertThat(read.nextBatch()).isEqualTo(5);
        assertThat(read.step()).isEqualTo(7);
        for (var e : saved.model().entrySet()) assertThat(read.model().get(e.getKey()).toFloatArray()).isEqualTo(e.getValue().toFloatArray());
        OptimizerState opt = read.optimizer();
        assertThat(opt.state().get(0).get("step")).isEqualTo(1L);
        assertThat(((Tensor) opt.state().get(0).get("exp_avg")).toFloatArray())
                .isEqualTo(((Tensor) saved.optimizer().state().get(0).get("exp_avg")).toFloatArray());
        assertThat(opt.paramGroups().getFirst().get("lr")).isEqualTo(1e-3);
        assertThat(read.scheduler()).isEqualTo(Map.of("last_epoch", 3L, "base_lrs", List.of(0.1)));
        assertThat(read.rng()).containsExactly(saved.rng());
        assertThat(read.history()).isEqualTo(saved.history());
        assertThat(read.steps()).isEqualTo(saved.steps());
        assertThat(read.info()).isEqualTo(saved.info());
    }

    @Test
    void aCrashDuringASaveLeavesThePreviousCheckpointIntact() throws IOException {
        Path file = dir.resolve("last.ckpt");
        Checkpoints.write(file, state(1));
        byte[] before = Files.readAllBytes(file);
        byte[] next = Checkpoints.toBytes(state(2));
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(next, 0, next.length / 2);
            throw new IOException("simulated crash half way through the save");
        })).hasMessageContaining("simulated crash");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Checkpoints.read(file).step()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void keepsTheNewestAndIgnoresLeftoverTemporaryFiles() throws IOException {
        var policy = new CheckpointPolicy(dir, 10, 2, null);
        for (long step : new long[] {10, 20, 30}) policy.save(state(step));
        Files.write(dir.resolve(".step-000000040.ckpt.123.tmp"), new byte[] {1, 2, 3}); // a save killed mid-way
        assertThat(CheckpointPolicy.stepFiles(dir).stream().map(p -> p.getFileName().toString()))
                .containsExactly("step-000000020.ckpt", "step-000000030.ckpt");
        assertThat(CheckpointPolicy.latest(dir)).contains(dir.resolve("step-000000030.ckpt"));
        assertThat(CheckpointPolicy.latest(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void damagedOrForeignFilesAreErrorsNamingTheFile() throws IOException {
        Path file = dir.resolve("c.ckpt");
        Checkpoints.write(file, state(1));
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> Checkpoints.read(truncated)).isInstanceOf(CorruptDataException.class).hasMessageContaining(truncated.toString());

        Path plain = dir.resolve("weights.safetensors");
        Safetensors.save(Map.of("w", Tensors.ones(2)), plain);
        assertThatThrownBy(() -> Checkpoints.read(plain)).isInstanceOf(CorruptDataException.class)
                .hasMessage(plain + ": not a jgrad checkpoint (no \"jgrad.checkpoint\" metadata)");

        Path badJson = dir.resolve("bad.ckpt");
        Safetensors.save(Map.of("w", Tensors.ones(2)), Map.of(Checkpoints.METADATA_KEY, "{\"version\": \"1\", \"epoch\": "), badJson);
        assertThatThrownBy(() -> Checkpoints.read(badJson)).isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith(badJson + ": damaged checkpoint metadata");
    }
}
