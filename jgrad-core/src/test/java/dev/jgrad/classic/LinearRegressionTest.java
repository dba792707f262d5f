package dev.jgrad.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.Test;

class LinearRegressionTest {
    private static final double[][] X = {{0.5, 1.0, -0.3}, {1.5, -0.2, 0.8}, {-0.7, 0.4, 1.1}, {2.0, 1.3, -0.5}, {0.1, -1.2, 0.6}, {1.1, 0.9, 0.2}};
    private static final double[] Y = {1.2, 0.3, -0.8, 2.9, -0.4, 1.6};

    private static Tensor x() {
        double[] flat = new double[X.length * 3];
        for (int i = 0; i < X.length; i++) System.arraycopy(X[i], 0, flat, 3 * i, 3);
        return Tensors.fromArray(flat, X.length, 3);
    }

    @Test
    void exactLineIsRecoveredWithZeroNoise() {
        Tensor x = Tensors.fromArray(new double[] {0, 1, 2, 3}, 4, 1);
        var fit = LinearRegression.fit(x, Tensors.fromArray(new double[] {1, 3, 5, 7}, 4), 0);
        assertThat(fit.weight().getDouble(0)).isCloseTo(2, within(1e-12));
        assertThat(fit.bias()).isCloseTo(1, within(1e-12));
        assertThat(fit.noiseVariance()).isCloseTo(0, within(1e-24));
        assertThat(fit.predict(Tensors.fromArray(new double[] {10}, 1, 1)).getDouble(0)).isCloseTo(21, within(1e-12));
    }

    @Test
    void ridgeShrinksTheSlopeByTheAnalyticFactor() {
        // one centred feature: w = Σxy / (Σx² + λ); x = -1, 1 and y = -2, 2 give 4 / (2 + λ)
        Tensor x = Tensors.fromArray(new double[] {-1, 1}, 2, 1);
        var fit = LinearRegression.fit(x, Tensors.fromArray(new double[] {-2, 2}, 2), 2);
        assertThat(fit.weight().getDouble(0)).isCloseTo(1, within(1e-12));
        assertThat(fit.noiseVariance()).isCloseTo(1, within(1e-12));   // residuals -1, 1
    }

    /** Expected values from numpy (tools/fixtures/gen_classic.py). */
    @Test
    void matchesNumpyForLeastSquaresAndRidge() {
        var ols = LinearRegression.fit(x(), Tensors.fromArray(Y, 6), 0);
        assertThat(ols.weight().toDoubleArray()).containsExactly(new double[] {0.61625585377295, 0.4190054386224418, -0.9765863183939612}, within(1e-12));
        assertThat(ols.bias()).isCloseTo(0.49342511633347985, within(1e-12));
        assertThat(ols.noiseVariance()).isCloseTo(0.04381808610441316, within(1e-12));
        var ridge = LinearRegression.fit(x(), Tensors.fromArray(Y, 6), 0.5);
        assertThat(ridge.weight().toDoubleArray()).containsExactly(new double[] {0.6271717215366951, 0.4668217012634458, -0.7355330323878475}, within(1e-12));
        assertThat(ridge.bias()).isCloseTo(0.3913720453070335, within(1e-12));
        assertThat(ridge.noiseVariance()).isCloseTo(0.05616265791870845, within(1e-12));
    }

    @Test
    void badInputNamesTheFault() {
        assertThatThrownBy(() -> LinearRegression.fit(x(), Tensors.zeros(5), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LinearRegression.fit: expected x (n, d) and y (n), got x [float64 [6, 3]] and y [float32 [5]]");
        Tensor collinear = Tensors.fromArray(new double[] {1, 2, 2, 4, 3, 6}, 3, 2);
        assertThatThrownBy(() -> LinearRegression.fit(collinear, Tensors.zeros(3), 0))
                .hasMessageContaining("singular").hasMessageContaining("use a ridge > 0");
        assertThatThrownBy(() -> LinearRegression.fit(x(), Tensors.zeros(6), -1)).hasMessageContaining("ridge must be >= 0, got -1.0");
    }
}
