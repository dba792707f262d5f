package dev.jgrad.autograd;

/**
 * Whether operations record a graph, per thread. Changed only through the scopes of
 * {@link Autograd#noGrad()}, {@link Autograd#enableGrad()} and {@link Autograd#inferenceMode()}.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private static volatile boolean anomaly;

    private GradMode() {}

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets the mode and returns a scope that restores the previous one when closed. */
    static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    public static boolean isAnomalyEnabled() {
        return anomaly;
    }

    static Scope setAnomaly(boolean enabled) {
        boolean previous = anomaly;
        anomaly = enabled;
        return () -> anomaly = previous;
    }

    /** A mode change undone by {@code close()}; use with try-with-resources. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
