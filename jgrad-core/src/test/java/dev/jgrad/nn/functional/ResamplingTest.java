package dev.jgrad.nn.functional;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResamplingTest {
    private static final Generator GEN = new Generator(5);

    static Tensor randn(int... shape) {
        return Tensors.randn(shape, GEN).to(DType.FLOAT64).requiresGrad_(true);
    }

    @ParameterizedTest(name = "alignCorners {0}")
    @ValueSource(booleans = {false, true})
    void bilinearPassesGradcheck(boolean alignCorners) {
        Tensor x = randn(1, 2, 3, 4);
        GradCheck.gradcheck(in -> Resampling.interpolate(in[0], new int[] {5, 7}, null, "bilinear", alignCorners), x);
        GradCheck.gradcheck(in -> Resampling.interpolate(in[0], null, new double[] {0.5}, "bilinear", alignCorners), randn(1, 1, 4, 5));
    }

    @Test
    void nearestPassesGradcheck() {
        Tensor x = randn(1, 2, 3, 4);
        GradCheck.gradcheck(in -> Resampling.interpolate(in[0], null, new double[] {2, 1.5}, "nearest", false), x);
        GradCheck.gradcheck(in -> Resampling.interpolate(in[0], new int[] {2, 3}, null, "nearest", false), x);
    }

    @Test
    void nearestRepeatsPixels() {
        Tensor x = Tensors.fromArray(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = Resampling.interpolate(x, null, new double[] {2}, "nearest", false);
        assertThat(y.toFloatArray()).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void bilinearHandComputedValues() {
        Tensor x = Tensors.fromArray(new float[] {0, 1}, 1, 1, 1, 2);
        // align_corners: the ends coincide; otherwise half-pixel centres, clamped at the borders.
        assertThat(Resampling.interpolate(x, new int[] {1, 3}, null, "bilinear", true).toFloatArray()).containsExactly(0f, 0.5f, 1f);
        assertThat(Resampling.interpolate(x, new int[] {1, 4}, null, "bilinear", false).toFloatArray())
                .containsExactly(0f, 0.25f, 0.75f, 1f);
    }

    @Test
    void pixelShuffleMovesChannelsToSubPixels() {
        Tensor x = Tensors.arange(0, 8).to(DType.FLOAT32).reshape(1, 4, 1, 2);
        Tensor y = Resampling.pixelShuffle(x, 2);
        assertThat(y.shape()).containsExactly(1, 1, 2, 4);
        assertThat(y.toFloatArray()).containsExactly(0, 2, 1, 3, 4, 6, 5, 7);
        GradCheck.gradcheck(in -> Resampling.pixelShuffle(in[0], 2), randn(2, 8, 2, 1));
        assertThatThrownBy(() -> Resampling.pixelShuffle(Tensors.zeros(1, 3, 2, 2), 2))
                .hasMessageContaining("pixel_shuffle").hasMessageContaining("[1, 3, 2, 2]");
    }

    @Test
    void badArgumentsAreRejected() {
        Tensor x = Tensors.zeros(1, 1, 2, 2);
        assertThatThrownBy(() -> Resampling.interpolate(x, new int[] {4}, new double[] {2}, "nearest", false))
                .hasMessageContaining("exactly one of size and scale_factor");
        assertThatThrownBy(() -> Resampling.interpolate(x, new int[] {4}, null, "bicubic", false)).hasMessageContaining("mode");
        assertThatThrownBy(() -> Resampling.interpolate(Tensors.zeros(2, 2), new int[] {4}, null, "nearest", false))
                .hasMessageContaining("interpolate").hasMessageContaining("[2, 2]");
        assertThatThrownBy(() -> Resampling.interpolate(x, new int[] {4}, null, "nearest", true)).hasMessageContaining("align_corners");
    }
}
