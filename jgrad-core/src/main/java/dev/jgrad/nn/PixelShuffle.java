package dev.jgrad.nn;

import dev.jgrad.nn.functional.Resampling;
import dev.jgrad.tensor.Tensor;

/**
 * Rearranges (N, C·r², H, W) into (N, C, H·r, W·r) (sub-pixel convolution up-sampling).
 *
 * <pre>{@code
 * new PixelShuffle(2).call(x);   // [1, 16, 7, 7] -> [1, 4, 14, 14]
 * }</pre>
 */
public class PixelShuffle extends Module {
    public final int upscaleFactor;

    public PixelShuffle(int upscaleFactor) {
        this.upscaleFactor = upscaleFactor;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Resampling.pixelShuffle(x, upscaleFactor);
    }

    @Override
    public String extraRepr() {
        return "upscale_factor=" + upscaleFactor;
    }
}
