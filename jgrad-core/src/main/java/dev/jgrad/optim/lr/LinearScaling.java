package dev.jgrad.optim.lr;

/**
 * The linear scaling rule (Goyal et al., "Accurate, Large Minibatch SGD"): when the batch size
 * is multiplied by k, multiply the learning rate by k, lr = referenceLr·batch/referenceBatch.
 * It holds for SGD while the lr stays moderate; pair large rates with a warm-up
 * ({@link Warmup#linear}).
 *
 * <pre>{@code
 * double lr = LinearScaling.lr(0.1, 256, 1024);   // 0.4
 * }</pre>
 */
public final class LinearScaling {
    private LinearScaling() {}

    public static double lr(double referenceLr, int referenceBatch, int batch) {
        if (referenceBatch <= 0 || batch <= 0) {
            throw new IllegalArgumentException("LinearScaling.lr: batch sizes must be positive, got reference " + referenceBatch + " and " + batch);
        }
        return referenceLr * batch / referenceBatch;
    }
}
