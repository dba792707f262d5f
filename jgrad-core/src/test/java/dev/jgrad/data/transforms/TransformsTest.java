package dev.jgrad.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

class TransformsTest {
    /** [1, 3, 3] holding 1..9 row by row. */
    private static Tensor nine() {
        return Tensors.fromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3);
    }

    @Test
    void horizontalFlipMirrorsColumnsWhenDrawn() {
        Tensor flipped = new RandomHorizontalFlip(1).apply(nine(), new Generator(0));
        assertThat(flipped.toFloatArray()).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
        assertThat(new RandomHorizontalFlip(0).apply(nine(), new Generator(0)).toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void horizontalFlipWithHalfProbabilityFollowsTheGenerator() {
        Generator a = new Generator(5), b = new Generator(5);
        var flip = new RandomHorizontalFlip(0.5);
        int flips = 0;
        for (int i = 0; i < 200; i++) {
            boolean expected = b.nextDouble() < 0.5;
            boolean flipped = flip.apply(nine(), a).toFloatArray()[0] == 3;
            assertThat(flipped).isEqualTo(expected);
            if (flipped) flips++;
        }
        assertThat(flips).isBetween(70, 130);
    }

    @Test
    void padAndCropCutsTheWindowOfTheZeroPaddedImage() {
        // Padded by 1 the image is 5x5; window (top 0, left 2) of size 3x3.
        Tensor crop = RandomCrop.padAndCrop(nine(), 1, 0, 2, 3, 3);
        assertThat(crop.shape()).containsExactly(1, 3, 3);
        assertThat(crop.toFloatArray()).containsExactly(0, 0, 0, 2, 3, 0, 5, 6, 0);
        assertThat(RandomCrop.padAndCrop(nine(), 0, 1, 1, 2, 2).toFloatArray()).containsExactly(5, 6, 8, 9);
    }

    @Test
    void randomCropDrawsTopThenLeft() {
        Generator g = new Generator(1), same = new Generator(1);
        Tensor crop = new RandomCrop(3, 2).apply(nine(), g);
        int top = (int) same.nextLong(5), left = (int) same.nextLong(5);
        assertThat(crop.toFloatArray()).containsExactly(RandomCrop.padAndCrop(nine(), 2, top, left, 3, 3).toFloatArray());
        assertThat(crop.dtype()).isEqualTo(DType.FLOAT32);
        assertThatThrownBy(() -> new RandomCrop(6, 1).apply(nine(), g)).hasMessageContaining("larger than the padded input 5x5");
    }

    @Test
    void cropAndFlipWorkPerChannel() {
        Tensor rgb = Tensors.arange(12).reshape(3, 2, 2).to(DType.FLOAT32);
        assertThat(new RandomHorizontalFlip(1).apply(rgb, new Generator(0)).toFloatArray())
                .containsExactly(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10);
        assertThat(RandomCrop.padAndCrop(rgb, 0, 1, 0, 1, 2).toFloatArray()).containsExactly(2, 3, 6, 7, 10, 11);
    }

    @Test
    void rotationByNinetyDegreesIsCounterClockwise() {
        // torch.rot90(x, 1, dims=(-2, -1)) of 1..9 = [[3, 6, 9], [2, 5, 8], [1, 4, 7]].
        float[] expected = {3, 6, 9, 2, 5, 8, 1, 4, 7};
        assertThat(RandomAffine.transform(nine(), 90, 0, 0, Interpolation.NEAREST).toFloatArray()).containsExactly(expected);
        float[] bilinear = RandomAffine.transform(nine(), 90, 0, 0, Interpolation.BILINEAR).toFloatArray();
        for (int i = 0; i < 9; i++) assertThat(bilinear[i]).isCloseTo(expected[i], within(1e-5f));
        var rotate90 = new RandomAffine(90, 90, 0, 0, Interpolation.NEAREST);
        assertThat(rotate90.apply(nine(), new Generator(0)).toFloatArray()).containsExactly(expected);
    }

    @Test
    void translationShiftsRightAndDownFillingZeros() {
        assertThat(RandomAffine.transform(nine(), 0, 1, 0, Interpolation.NEAREST).toFloatArray()).containsExactly(0, 1, 2, 0, 4, 5, 0, 7, 8);
        assertThat(RandomAffine.transform(nine(), 0, 0, -1, Interpolation.BILINEAR).toFloatArray()).containsExactly(4, 5, 6, 7, 8, 9, 0, 0, 0);
        // Half a pixel with bilinear sampling averages neighbours.
        assertThat(RandomAffine.transform(nine(), 0, 0.5, 0, Interpolation.BILINEAR).toFloatArray())
                .containsExactly(0.5f, 1.5f, 2.5f, 2, 4.5f, 5.5f, 3.5f, 7.5f, 8.5f);
    }

    @Test
    void smallRandomRotationKeepsMostOfTheImage() {
        Tensor digit = Tensors.zeros(1, 28, 28);
        digit.narrow(1, 10, 8).narrow(2, 10, 8).fill_(1);
        Tensor rotated = new RandomRotation(10, Interpolation.BILINEAR).apply(digit, new Generator(3));
        assertThat(rotated.shape()).containsExactly(1, 28, 28);
        assertThat(rotated.sum().item()).isCloseTo(64, within(3.0));
        assertThat(rotated.getDouble(0, 13, 13)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void normalizeSubtractsMeanAndDividesByStdPerChannel() {
        Tensor x = Tensors.fromArray(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 2, 2);
        Tensor y = new Normalize(new double[] {1, 10}, new double[] {2, 5}).apply(x, new Generator(0));
        assertThat(y.toFloatArray()).containsExactly(0, 0.5f, 1, 1.5f, 0, 2, 4, 6);
        Tensor batch = x.unsqueeze(0).expand(3, 2, 2, 2);
        assertThat(new Normalize(new double[] {1, 10}, new double[] {2, 5}).apply(batch, null).shape()).containsExactly(3, 2, 2, 2);
        assertThatThrownBy(() -> new Normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).apply(x, null))
                .hasMessageContaining("Normalize(3 channels)").hasMessageContaining("[2, 2, 2]");
        assertThatThrownBy(() -> new Normalize(new double[] {0}, new double[] {0})).hasMessageContaining("std");
    }

    @Test
    void normalizationComputesPerChannelPopulationStatistics() {
        // Channel 0 holds 0, 2, 4, 6 (mean 3, std sqrt(5)); channel 1 holds 1, 1, 1, 1.
        Tensor x = Tensors.fromArray(new float[] {0, 2, 1, 1, 4, 6, 1, 1}, 2, 2, 2);
        Normalization.Stats s = Normalization.compute(x);
        assertThat(s.mean()).containsExactly(3, 1);
        assertThat(s.std()[0]).isCloseTo(Math.sqrt(5), within(1e-12));
        assertThat(s.std()[1]).isZero();
        // The same values stored channel-major [C, N, 2] and viewed as [N, C, 2].
        Tensor strided = Tensors.fromArray(new double[] {0, 2, 4, 6, 1, 1, 1, 1}, 2, 2, 2).permute(1, 0, 2);
        Normalization.Stats noncontiguous = Normalization.compute(strided);
        assertThat(noncontiguous.mean()).containsExactly(3, 1);
    }

    @Test
    void toTensorScalesBytesAndReordersHwcToChw() {
        byte[] hwc = {(byte) 255, 0, 51, (byte) 102, 0, 0}; // 1x2 pixels, 3 channels
        Tensor t = ToTensor.fromHwc(hwc, 1, 2, 3);
        assertThat(t.shape()).containsExactly(3, 1, 2);
        assertThat(t.toFloatArray()).containsExactly(1, 0.4f, 0, 0, 0.2f, 0);
        assertThat(ToTensor.fromChw(hwc, 3, 1, 2).toFloatArray()).containsExactly(1, 0, 0.2f, 0.4f, 0, 0);
        Tensor asTensor = new ToTensor().apply(Tensors.fromArray(new long[] {255, 0, 51, 102, 0, 0}, 1, 2, 3), null);
        assertThat(asTensor.toFloatArray()).containsExactly(t.toFloatArray());
    }

    @Test
    void composeAppliesInOrder() {
        Transform t = new Compose(new RandomHorizontalFlip(1), (x, g) -> x.mul(10));
        assertThat(t.apply(nine(), new Generator(0)).toFloatArray()).containsExactly(30, 20, 10, 60, 50, 40, 90, 80, 70);
    }
}
