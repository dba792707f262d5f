package dev.jgrad.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.io.Safetensors;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.train.CheckpointPolicy;
import dev.jgrad.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL in the middle of an epoch, then resumed, ends with
 * exactly the weights of a run that was never interrupted.
 */
class ResumeAfterKillTest {
    /** 256 samples in batches of 16: 16 steps per epoch; a checkpoint every 5 steps lands inside epochs. */
    private static final List<String> ARGS = List.of("train", "--train-size", "256", "--val-size", "64", "--batch-size", "16", "--epochs", "6",
            "--checkpoint-every", "5", "--threads", "1", "--seed", "3");

    @TempDir
    Path dir;

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws Exception {
        Path killed = dir.resolve("killed");
        Process child = startChild(killed);
        Path checkpoint = awaitMidEpochCheckpoint(child, killed.resolve("checkpoints"));
        assertThat(child.isAlive()).as("the child must still be training when it is killed").isTrue();
        child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no cleanup
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(Checkpoints.read(checkpoint).nextBatch()).isPositive();

        CliRun resumed = CliRun.of("train", "--resume", killed.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming " + killed);

        Path straight = dir.resolve("straight");
        List<String> args = new ArrayList<>(ARGS);
        args.addAll(List.of("--out", straight.toString()));
        assertThat(CliRun.of(args.toArray(String[]::new)).exit()).isZero();

        Map<String, Tensor> want = Safetensors.load(straight.resolve("model.safetensors")).tensors();
        Map<String, Tensor> got = Safetensors.load(killed.resolve("model.safetensors")).tensors();
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (String key : want.keySet()) assertThat(got.get(key).toFloatArray()).as(key).isEqualTo(want.get(key).toFloatArray());
    }

    private Process startChild(Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(ARGS);
        command.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    /** Waits for the first checkpoint taken inside an epoch (step not a multiple of 16). */
    private static Path awaitMidEpochCheckpoint(Process child, Path checkpoints) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            Optional<Path> latest = CheckpointPolicy.latest(checkpoints);
            if (latest.isPresent() && !latest.get().getFileName().toString().matches("step-0*(16|32|48|64|80|96)?\\.ckpt")) return latest.get();
            Thread.sleep(5);
        }
        throw new AssertionError("no mid-epoch checkpoint appeared while the child ran (alive: " + child.isAlive() + ")");
    }
}
