package dev.jgrad.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Im2colTest {
    /** c, h, w, kh, kw, sh, sw, ph, pw, dh, dw */
    private static final int[][] GEOMETRIES = {
            {1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1},
            {3, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1},
            {2, 7, 6, 3, 2, 1, 1, 0, 0, 1, 1},
            {2, 8, 9, 3, 3, 2, 2, 1, 1, 1, 1},
            {3, 9, 7, 3, 3, 2, 3, 2, 1, 2, 2},
            {1, 4, 4, 5, 5, 1, 1, 3, 3, 1, 1},   // kernel larger than the image, big padding
            {2, 6, 11, 2, 4, 3, 1, 0, 2, 3, 1},
            {4, 16, 16, 1, 1, 2, 2, 0, 0, 1, 1},
            {5, 12, 10, 3, 3, 1, 1, 1, 1, 1, 1}, // enough work to split over channels
    };

    private static int out(int in, int k, int s, int p, int d) {
        return (in + 2 * p - d * (k - 1) - 1) / s + 1;
    }

    private static double[] random(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    /** Direct convolution of one image (c, h, w) with weights (cout, c, kh, kw). */
    private static double[] directConv(double[] x, int xOff, double[] wt, int cout, int[] g) {
        int c = g[0], h = g[1], w = g[2], kh = g[3], kw = g[4], sh = g[5], sw = g[6], ph = g[7], pw = g[8], dh = g[9], dw = g[10];
        int oh = out(h, kh, sh, ph, dh), ow = out(w, kw, sw, pw, dw);
        double[] y = new double[cout * oh * ow];
        for (int co = 0; co < cout; co++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++) {
                    double s = 0;
                    for (int ci = 0; ci < c; ci++)
                        for (int ki = 0; ki < kh; ki++)
                            for (int kj = 0; kj < kw; kj++) {
                                int iy = oy * sh - ph + ki * dh, ix = ox * sw - pw + kj * dw;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                s += wt[((co * c + ci) * kh + ki) * kw + kj] * x[xOff + (ci * h + iy) * w + ix];
                            }
                    y[(co * oh + oy) * ow + ox] = s;
                }
        return y;
    }

    @Test
    void convolutionViaIm2colAndGemmMatchesDirectConvolution() {
        Random r = new Random(11);
        int cout = 4, xOff = 3, colOff = 5;
        for (int[] g : GEOMETRIES) {
            int c = g[0], h = g[1], w = g[2], kh = g[3], kw = g[4];
            int oh = out(h, kh, g[5], g[7], g[9]), ow = out(w, kw, g[6], g[8], g[10]);
            int rows = c * kh * kw, cols = oh * ow;
            double[] x = random(r, xOff + c * h * w), wt = random(r, cout * rows);
            double[] want = directConv(x, xOff, wt, cout, g);

            float[] colF = new float[colOff + rows * cols];
            java.util.Arrays.fill(colF, Float.NaN); // every element must be written
            Im2col.im2col(toFloat(x), xOff, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], colF, colOff);
            float[] yF = new float[cout * cols];
            Gemm.sgemm(false, false, cout, cols, rows, 1f, toFloat(wt), 0, rows, colF, colOff, cols, 0f, yF, 0, cols);

            double[] colD = new double[colOff + rows * cols];
            java.util.Arrays.fill(colD, Double.NaN);
            Im2col.im2col(x, xOff, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], colD, colOff);
            double[] yD = new double[cout * cols];
            Gemm.dgemm(false, false, cout, cols, rows, 1.0, wt, 0, rows, colD, colOff, cols, 0.0, yD, 0, cols);

            for (int i = 0; i < want.length; i++) {
                assertThat((double) yF[i]).as("float geometry %s i=%d", java.util.Arrays.toString(g), i)
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4));
                assertThat(yD[i]).as("double geometry %s i=%d", java.util.Arrays.toString(g), i)
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        Random r = new Random(12);
        int xOff = 2, colOff = 7;
        for (int[] g : GEOMETRIES) {
            int c = g[0], h = g[1], w = g[2], kh = g[3], kw = g[4];
            int oh = out(h, kh, g[5], g[7], g[9]), ow = out(w, kw, g[6], g[8], g[10]);
            int rows = c * kh * kw, cols = oh * ow;
            double[] x = random(r, xOff + c * h * w), y = random(r, colOff + rows * cols);

            double[] colD = new double[colOff + rows * cols];
            Im2col.im2col(x, xOff, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], colD, colOff);
            double[] xt = new double[xOff + c * h * w];
            Im2col.col2im(y, colOff, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], xt, xOff);
            assertThat(dot(colD, colOff, y, colOff, rows * cols)).as("double %s", java.util.Arrays.toString(g))
                    .isCloseTo(dot(x, xOff, xt, xOff, c * h * w), org.assertj.core.data.Offset.offset(1e-9));

            float[] colF = new float[colOff + rows * cols];
            float[] yF = toFloat(y);
            Im2col.im2col(toFloat(x), xOff, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], colF, colOff);
            float[] xtF = new float[xOff + c * h * w];
            Im2col.col2im(yF, colOff, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], xtF, xOff);
            assertThat(dot(colF, colOff, yF, colOff, rows * cols)).as("float %s", java.util.Arrays.toString(g))
                    .isCloseTo(dot(toFloat(x), xOff, xtF, xOff, c * h * w), org.assertj.core.data.Offset.offset(1e-3));
            // the leading offset region of x is left alone
            for (int i = 0; i < xOff; i++) assertThat(xtF[i]).isZero();
        }
    }

    @Test
    void col2imAccumulatesIntoTheInput() {
        int[] g = GEOMETRIES[3];
        int c = g[0], h = g[1], w = g[2], kh = g[3], kw = g[4];
        int cols = out(h, kh, g[5], g[7], g[9]) * out(w, kw, g[6], g[8], g[10]);
        double[] y = random(new Random(5), c * kh * kw * cols);
        double[] once = new double[c * h * w], twice = new double[c * h * w];
        Im2col.col2im(y, 0, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], once, 0);
        Im2col.col2im(y, 0, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], twice, 0);
        Im2col.col2im(y, 0, c, h, w, kh, kw, g[5], g[6], g[7], g[8], g[9], g[10], twice, 0);
        for (int i = 0; i < once.length; i++) assertThat(twice[i]).isEqualTo(2 * once[i]);
    }

    private static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    private static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[aOff + i] * b[bOff + i];
        return s;
    }
}
