package dev.jgrad.data.transforms;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.util.Arrays;

/**
 * {@code (x − mean[c]) / std[c]} per channel (torchvision's {@code Normalize}). Channels are dim −3
 * of an image [..., C, H, W], or the only dim of a feature vector [C].
 *
 * <pre>{@code
 * new Normalize(new double[] {0.1307}, new double[] {0.3081}).apply(image, gen);
 * }</pre>
 */
public record Normalize(double[] mean, double[] std) implements Transform {
    public Normalize {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std)
                    + " must be non-empty and of equal length");
        }
        for (double s : std) {
            if (!(s > 0)) throw new IllegalArgumentException("Normalize: std evaluated to zero or less in " + Arrays.toString(std));
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public Tensor apply(Tensor input, Generator gen) {
        int c = mean.length;
        int[] statShape;
        if (input.dim() == 1 && input.size(0) == c) {
            statShape = new int[] {c};
        } else if (input.dim() >= 3 && input.size(-3) == c) {
            statShape = new int[] {c, 1, 1};
        } else {
            throw new IllegalArgumentException("Normalize(" + c + " channels): expected an image [..., " + c + ", H, W] or a vector ["
                    + c + "], got " + Shape.str(input.shape()));
        }
        Tensor m = Tensors.fromArray(mean.clone(), statShape).to(input.dtype());
        Tensor s = Tensors.fromArray(std.clone(), statShape).to(input.dtype());
        return input.sub(m).div(s);
    }
}
