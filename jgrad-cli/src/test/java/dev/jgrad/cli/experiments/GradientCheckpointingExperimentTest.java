package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientCheckpointingExperimentTest {
    @TempDir Path dir;

    @Test
    void checkpointingSavesBytesAndKeepsGradientsIdentical() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new GradientCheckpointingExperiment(), dir);   // 8 blocks of 64, batch 32
        long input = 32 * 64 * Float.BYTES;
        // each of the 8 segments keeps only its input, the loss's square the last output (and its mean a few bytes)
        assertThat(o.number("segment1.saved_bytes")).isCloseTo(9.0 * input, within(16.0));
        assertThat(o.number("segment8.saved_bytes")).isCloseTo(2.0 * input, within(16.0));
        assertThat(o.number("plain.saved_bytes")).isGreaterThan(2.5 * o.number("segment1.saved_bytes"));
        assertThat(o.number("max_grad_difference")).isZero();
        assertThat(o.conclusion()).contains("bit-identical");
        assertThat(ExperimentFiles.checkCsv(dir.resolve("gradient-checkpointing.csv"))).hasSize(1 + 4);
    }
}
