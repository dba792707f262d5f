package dev.jgrad.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PermutationsTest {
    // Expected values computed with portable_permutation() of /work/shared/peers/pytorch/bench.py
    // (/usr/bin/python3), so jgrad visits samples in the PyTorch peer's order.

    @Test
    void matchesThePythonPeerOnSmallCases() {
        assertThat(Permutations.portable(10, 0)).containsExactly(5, 6, 1, 4, 8, 3, 2, 9, 0, 7);
        assertThat(Permutations.portable(10, 1)).containsExactly(6, 0, 1, 9, 5, 4, 8, 7, 3, 2);
        assertThat(Permutations.portable(16, 42)).containsExactly(1, 12, 14, 4, 3, 11, 6, 9, 13, 2, 15, 5, 8, 7, 0, 10);
        assertThat(Permutations.portable(10, -1)).containsExactly(5, 0, 1, 9, 2, 6, 3, 4, 7, 8);
    }

    @Test
    void matchesThePythonPeerOnFashionMnistEpochs() {
        int[] epoch0 = Permutations.portable(60_000, 0);
        assertThat(Arrays.copyOf(epoch0, 8)).containsExactly(40273, 5395, 37296, 52482, 30679, 38896, 27406, 48794);
        assertThat(Arrays.copyOfRange(epoch0, 59_996, 60_000)).containsExactly(24362, 4739, 29913, 43767);
        int[] epoch1 = Permutations.portable(60_000, 1);
        assertThat(Arrays.copyOf(epoch1, 8)).containsExactly(31414, 51243, 22866, 48811, 24335, 55403, 13199, 22707);
        assertThat(Arrays.copyOfRange(epoch1, 59_996, 60_000)).containsExactly(13940, 56881, 46826, 31232);
    }

    @Test
    void isAPermutation() {
        int[] p = Permutations.portable(1000, 7);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(Permutations.identity(1000));
        assertThat(Permutations.portable(0, 3)).isEmpty();
        assertThat(Permutations.portable(1, 3)).containsExactly(0);
    }

    @Test
    void derivedSeedsDependOnEveryPartAndOrder() {
        long a = Permutations.derivedSeed(0, 1, 2);
        assertThat(a).isEqualTo(Permutations.derivedSeed(0, 1, 2));
        assertThat(a).isNotEqualTo(Permutations.derivedSeed(0, 2, 1));
        assertThat(a).isNotEqualTo(Permutations.derivedSeed(1, 1, 2));
    }
}
