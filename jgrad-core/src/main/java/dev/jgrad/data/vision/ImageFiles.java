package dev.jgrad.data.vision;

import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes PNG, JPEG (and any other format javax.imageio reads) into float32 images [C, H, W] in [0, 1].
 *
 * <pre>{@code
 * Tensor img = ImageFiles.read(Path.of("cat.png"), ColorMode.RGB);   // [3, H, W]
 * }</pre>
 */
public final class ImageFiles {
    private ImageFiles() {}

    /** Reads one image; a file that is not a decodable image raises {@link CorruptDataException} naming it. */
    public static Tensor read(Path file, ColorMode mode) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new CorruptDataException(file + ": cannot decode image (" + e.getMessage() + ")", e);
        }
        if (image == null) throw new CorruptDataException(file + ": not a readable image (no PNG/JPEG decoder accepts it)");
        return toTensor(image, mode);
    }

    /** Converts a decoded image. Gray images are read from their raster: getRGB would apply a gamma curve. */
    public static Tensor toTensor(BufferedImage image, ColorMode mode) {
        int h = image.getHeight(), w = image.getWidth(), plane = h * w;
        float[] out = new float[mode.channels() * plane];
        Raster raster = image.getRaster();
        boolean gray = raster.getNumBands() <= 2 && !(image.getColorModel() instanceof IndexColorModel);
        if (gray) {
            float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < mode.channels(); c++) out[c * plane + y * w + x] = v;
                }
            }
            return Tensors.fromArray(out, mode.channels(), h, w);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                int at = y * w + x;
                if (mode == ColorMode.GRAYSCALE) {
                    out[at] = ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16) / 255f;
                } else {
                    out[at] = r / 255f;
                    out[plane + at] = g / 255f;
                    out[2 * plane + at] = b / 255f;
                }
            }
        }
        return Tensors.fromArray(out, mode.channels(), h, w);
    }
}
