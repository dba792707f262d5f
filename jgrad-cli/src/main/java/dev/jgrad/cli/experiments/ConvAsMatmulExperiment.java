package dev.jgrad.cli.experiments;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.nn.functional.F;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A convolution is a matrix product. Computes one (valid, stride 1) cross-correlation four ways
 * and compares them: {@code F.conv2d}; the definition as loops; im2col (every receptive field as
 * a column, built here from tensor slices) times the kernel matrix; and, for one channel, the
 * doubly-block-Toeplitz matrix T with {@code vec(y) = T·vec(x)}. Then shifts a digit and shows
 * that its feature map shifts by the same amount (translation equivariance).
 */
final class ConvAsMatmulExperiment extends Experiment {
    static final int SHIFT_Y = 3, SHIFT_X = 5;

    ConvAsMatmulExperiment() {
        super("conv-as-matmul",
                "convolution as im2col/Toeplitz matrix products equals the direct one; shifted input, shifted output");
    }

    @Override
    public Outcome run(Path dir, boolean quick, long seed) throws IOException {
        Generator gen = new Generator(seed);
        Map<String, Double> numbers = new LinkedHashMap<>();
        Table table = new Table("comparison", "max_abs_difference");
        try (var scope = Autograd.noGrad()) {
            // several channels and images: conv2d, loops and im2col agree
            Tensor x = Tensors.randn(new int[] {2, 3, 9, 9}, gen), w = Tensors.randn(new int[] {4, 3, 3, 3}, gen);
            Tensor reference = F.conv2d(x, w, null);
            record("loops vs conv2d", maxDifference(loops(x, w), reference), numbers, table);
            record("im2col matmul vs conv2d", maxDifference(im2colConv(x, w), reference), numbers, table);

            // one digit, one edge filter: the Toeplitz matrix, and a shift
            Tensor digit = MnistDatasets.bundled().inputs().narrow(0, 0, 1).contiguous();   // (1, 1, 28, 28)
            Tensor sobel = Tensors.fromArray(new float[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, 1, 1, 3, 3);
            Tensor map = F.conv2d(digit, sobel, null);                                        // (1, 1, 26, 26)
            Tensor toeplitz = toeplitz(sobel, 28, 28);                                        // (676, 784)
            Tensor viaToeplitz = toeplitz.matmul(digit.reshape(28 * 28, 1)).reshape(1, 1, 26, 26);
            record("Toeplitz matmul vs conv2d", maxDifference(viaToeplitz, map), numbers, table);

            Tensor shifted = shift(digit, SHIFT_Y, SHIFT_X);
            Tensor shiftedMap = F.conv2d(shifted, sobel, null);
            record("conv(shift(x)) vs shift(conv(x))", maxDifference(shiftedMap, shift(map, SHIFT_Y, SHIFT_X)), numbers, table);

            List<BufferedImage> tiles = new ArrayList<>();
            tiles.add(Figures.image("digit x (28x28)", digit.toFloatArray(), 28, 28, 300));
            tiles.add(Figures.image("conv(x) with a Sobel filter", map.toFloatArray(), 26, 26, 300));
            tiles.add(Figures.image(String.format(Locale.ROOT, "x shifted by (%d, %d)", SHIFT_Y, SHIFT_X), shifted.toFloatArray(), 28, 28, 300));
            tiles.add(Figures.image("conv(shifted x) = shifted conv(x)", shiftedMap.toFloatArray(), 26, 26, 300));
            tiles.add(Figures.image("Toeplitz T (676x784): vec(y) = T vec(x)", toeplitz.toFloatArray(), 676, 784, 300));
            Tensor corner = toeplitz.narrow(0, 0, 52).narrow(1, 0, 84).contiguous();
            tiles.add(Figures.image("T, rows 0-51, columns 0-83", corner.toFloatArray(), 52, 84, 300));
            Path csv = dir.resolve("conv-as-matmul.csv"), png = dir.resolve("conv-as-matmul.png");
            table.write(csv);
            Figures.grid(png, tiles, 3);
            double worst = numbers.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            String text = String.format(Locale.ROOT,
                    "max |difference|: loops %.2g, im2col matmul %.2g, Toeplitz matmul %.2g (float32 rounding); "
                            + "shifted input vs shifted output %.2g.%nA convolution is a matrix product with a sparse, "
                            + "weight-shared matrix, and it commutes with translation%s.",
                    numbers.get("loops vs conv2d"), numbers.get("im2col matmul vs conv2d"), numbers.get("Toeplitz matmul vs conv2d"),
                    numbers.get("conv(shift(x)) vs shift(conv(x))"), worst < 1e-5 ? "" : " (BUT a difference exceeds 1e-5)");
            return new Outcome(text, numbers, List.of(png, csv));
        }
    }

    private static void record(String what, double difference, Map<String, Double> numbers, Table table) {
        numbers.put(what, difference);
        table.row(what, difference);
    }

    /** The definition: y[n, o, i, j] = Σ_c Σ_p Σ_q x[n, c, i + p, j + q] · w[o, c, p, q], in double. */
    private static Tensor loops(Tensor x, Tensor w) {
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3), o = w.size(0), kh = w.size(2), kw = w.size(3);
        int oh = h - kh + 1, ow = wd - kw + 1;
        double[] xs = x.toDoubleArray(), ws = w.toDoubleArray(), y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++)
            for (int f = 0; f < o; f++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double s = 0;
                        for (int ch = 0; ch < c; ch++)
                            for (int p = 0; p < kh; p++)
                                for (int q = 0; q < kw; q++) s += xs[((b * c + ch) * h + i + p) * wd + j + q] * ws[((f * c + ch) * kh + p) * kw + q];
                        y[((b * o + f) * oh + i) * ow + j] = s;
                    }
        return Tensors.fromArray(y, n, o, oh, ow).to(DType.FLOAT32);
    }

    /**
     * im2col: column (c, p, q) of a receptive field is the slice x[:, c, p:p+oh, q:q+ow]; stacking
     * them gives (N, C·kh·kw, oh·ow), and the kernels as a (O, C·kh·kw) matrix multiply it.
     */
    private static Tensor im2colConv(Tensor x, Tensor w) {
        int n = x.size(0), c = x.size(1), o = w.size(0), kh = w.size(2), kw = w.size(3);
        int oh = x.size(2) - kh + 1, ow = x.size(3) - kw + 1;
        List<Tensor> rows = new ArrayList<>();
        for (int ch = 0; ch < c; ch++)
            for (int p = 0; p < kh; p++)
                for (int q = 0; q < kw; q++) rows.add(x.select(1, ch).narrow(1, p, oh).narrow(2, q, ow).reshape(n, oh * ow));
        Tensor columns = Tensors.stack(rows, 1);                      // (N, C·kh·kw, oh·ow)
        return w.reshape(o, c * kh * kw).matmul(columns).reshape(n, o, oh, ow);
    }

    /** T with T[i·ow + j, (i + p)·w + (j + q)] = k[p, q]: one row per output pixel, the kernel laid into it. */
    private static Tensor toeplitz(Tensor kernel, int h, int w) {
        int kh = kernel.size(2), kw = kernel.size(3), oh = h - kh + 1, ow = w - kw + 1;
        float[] k = kernel.toFloatArray(), t = new float[oh * ow * h * w];
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                for (int p = 0; p < kh; p++)
                    for (int q = 0; q < kw; q++) t[(i * ow + j) * h * w + (i + p) * w + j + q] = k[p * kw + q];
        return Tensors.fromArray(t, oh * ow, h * w);
    }

    /** A (1, 1, h, w) image moved down by dy and right by dx, zeros coming in (the digit's border is blank, so nothing falls off). */
    private static Tensor shift(Tensor image, int dy, int dx) {
        int h = image.size(2), w = image.size(3);
        float[] in = image.toFloatArray(), out = new float[in.length];
        for (int i = 0; i + dy < h; i++)
            for (int j = 0; j + dx < w; j++) out[(i + dy) * w + j + dx] = in[i * w + j];
        return Tensors.fromArray(out, image.shape());
    }

    private static double maxDifference(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item();
    }
}
