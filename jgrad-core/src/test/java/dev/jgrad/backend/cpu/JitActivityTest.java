package dev.jgrad.backend.cpu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JitActivityTest {
    private long now, compiledMillis;
    private final JitActivity jit = new JitActivity(() -> now, () -> compiledMillis);

    /** Advances the clock by one sampling interval, during which the JIT compiled for {@code millis}. */
    private boolean afterSample(long millis) {
        now += JitActivity.SAMPLE_NANOS;
        compiledMillis += millis;
        return jit.isQuiet();
    }

    @Test
    void quietOnlyOnceAWholeWindowHasBeenSampled() {
        assertThat(jit.isQuiet()).isFalse();
        for (int i = 1; i < JitActivity.WINDOW; i++) assertThat(afterSample(0)).as("sample %d", i).isFalse();
        assertThat(afterSample(0)).isTrue();
    }

    @Test
    void busyWhileAQuarterOfTheWindowGoesToCompiling() {
        for (int i = 0; i <= JitActivity.WINDOW; i++) afterSample(0);
        assertThat(jit.isQuiet()).isTrue();
        // 50 ms of compiling in a 200 ms window is a quarter: busy until it leaves the window.
        assertThat(afterSample(50)).isFalse();
        for (int i = 1; i < JitActivity.WINDOW; i++) assertThat(afterSample(0)).as("sample %d after", i).isFalse();
        assertThat(afterSample(0)).isTrue();
        // Just under a quarter, spread over the window, stays quiet; a little more is busy.
        for (int i = 0; i < 3 * JitActivity.WINDOW; i++) assertThat(afterSample(12)).isTrue();
        assertThat(afterSample(20)).isFalse();
    }

    @Test
    void readsTheCompilerAtMostOncePerInterval() {
        for (int i = 0; i <= JitActivity.WINDOW; i++) afterSample(0);
        compiledMillis += 1_000; // not seen until the interval has passed
        now += JitActivity.SAMPLE_NANOS - 1;
        assertThat(jit.isQuiet()).isTrue();
        now += 1;
        assertThat(jit.isQuiet()).isFalse();
    }
}
