package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvAsMatmulExperimentTest {
    @TempDir Path dir;

    @Test
    void everyMatrixFormEqualsTheDirectConvolutionAndShiftsCommute() throws IOException {
        Outcome o = ExperimentFiles.runQuick(new ConvAsMatmulExperiment(), dir);
        assertThat(o.numbers()).containsOnlyKeys("loops vs conv2d", "im2col matmul vs conv2d", "Toeplitz matmul vs conv2d",
                "conv(shift(x)) vs shift(conv(x))");
        assertThat(o.numbers().values()).allSatisfy(d -> assertThat(d).isBetween(0.0, 1e-5));
        assertThat(ExperimentFiles.checkCsv(dir.resolve("conv-as-matmul.csv"))).hasSize(4);
    }
}
