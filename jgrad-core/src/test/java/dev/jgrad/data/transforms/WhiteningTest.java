package dev.jgrad.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

class WhiteningTest {
    @Test
    void jacobiFindsEigenpairsOfASymmetricMatrix() {
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertThat(e.values()[0]).isCloseTo(3, within(1e-12));
        assertThat(e.values()[1]).isCloseTo(1, within(1e-12));
        assertThat(Math.abs(e.vectors()[0][0])).isCloseTo(Math.sqrt(0.5), within(1e-12));

        double[][] a = {{4, 1, -2, 2}, {1, 2, 0, 1}, {-2, 0, 3, -2}, {2, 1, -2, -1}};
        SymmetricEigen big = SymmetricEigen.of(a);
        // A v = λ v for every pair, and V is orthonormal.
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 4; i++) {
                double av = 0;
                for (int j = 0; j < 4; j++) av += a[i][j] * big.vectors()[j][k];
                assertThat(av).isCloseTo(big.values()[k] * big.vectors()[i][k], within(1e-10));
            }
        }
        for (int k = 0; k < 4; k++) {
            for (int l = 0; l < 4; l++) {
                double dot = 0;
                for (int i = 0; i < 4; i++) dot += big.vectors()[i][k] * big.vectors()[i][l];
                assertThat(dot).isCloseTo(k == l ? 1 : 0, within(1e-10));
            }
        }
        assertThat(big.values()).isSortedAccordingTo((x, y) -> Double.compare(y, x));
        // Trace is preserved: 4 + 2 + 3 - 1 = 8.
        assertThat(big.values()[0] + big.values()[1] + big.values()[2] + big.values()[3]).isCloseTo(8, within(1e-10));
    }

    /** 500 correlated samples of dimension 3: x = z A with A mixing the coordinates. */
    private static Tensor correlated() {
        Tensor z = Tensors.randn(new int[] {500, 3}, new Generator(0)).to(DType.FLOAT64);
        Tensor mix = Tensors.tensor(new double[][] {{2, 0.5, 0}, {0, 1, 0.3}, {1, 0, 0.2}}).to(DType.FLOAT64);
        return z.matmul(mix).add(Tensors.tensor(5, -1, 2).to(DType.FLOAT64));
    }

    private static Tensor covariance(Tensor x) {
        Tensor c = x.sub(x.mean(0, true));
        return c.t().matmul(c).div(x.size(0));
    }

    @Test
    void zcaMakesTheCovarianceTheIdentityAndStaysCloseToTheInput() {
        Tensor x = correlated();
        Whitening zca = Whitening.fit(x, Whitening.Kind.ZCA, 0);
        Tensor white = zca.transform(x);
        assertThat(covariance(white).allclose(Tensors.eye(3).to(DType.FLOAT64), 0, 1e-9)).isTrue();
        assertThat(white.mean(0, false).abs().amax(new int[] {0}, false).item()).isLessThan(1e-9);
        // ZCA's matrix is symmetric: rotating back keeps the axes.
        Tensor m = zca.transform(Tensors.eye(3).to(DType.FLOAT64)).sub(zca.transform(Tensors.zeros(1, 3).to(DType.FLOAT64)));
        assertThat(m.allclose(m.t(), 0, 1e-9)).isTrue();
    }

    @Test
    void pcaDecorrelatesInTheEigenbasisAndEpsilonShrinksTheVariance() {
        Tensor x = correlated();
        Tensor pca = Whitening.fit(x, Whitening.Kind.PCA, 0).transform(x);
        assertThat(covariance(pca).allclose(Tensors.eye(3).to(DType.FLOAT64), 0, 1e-9)).isTrue();
        Whitening regularised = Whitening.fit(x, Whitening.Kind.PCA, 0.1);
        Tensor cov = covariance(regularised.transform(x));
        for (int k = 0; k < 3; k++) {
            double lambda = regularised.eigen().values()[k];
            assertThat(cov.getDouble(k, k)).isCloseTo(lambda / (lambda + 0.1), within(1e-9));
        }
    }

    @Test
    void appliesToOneSampleKeepingItsShapeAndDtype() {
        Tensor x = correlated();
        Whitening zca = Whitening.fit(x, Whitening.Kind.ZCA, 1e-5);
        Tensor sample = x.select(0, 7).to(DType.FLOAT32);
        Tensor out = zca.apply(sample.reshape(1, 3), null);
        assertThat(out.shape()).containsExactly(1, 3);
        assertThat(out.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(out.reshape(3).allclose(zca.transform(x).select(0, 7).to(DType.FLOAT32), 1e-4, 1e-4)).isTrue();
    }
}
