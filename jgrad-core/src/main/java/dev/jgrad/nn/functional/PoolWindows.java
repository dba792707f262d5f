package dev.jgrad.nn.functional;

/**
 * Where each output position along one spatial axis of a pooling op reads: the positions
 * {@code start[o] + i * step} for {@code i < taps[o]} that lie inside {@code [0, size)}.
 */
record PoolWindows(int size, int[] start, int[] taps, int step) {

    int outputs() {
        return start.length;
    }

    /** Windows of a sliding pool (PyTorch's pooling_output_shape, incl. ceil mode). */
    static PoolWindows sliding(int size, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        int out = outputSize(size, kernel, stride, padding, dilation, ceilMode);
        int[] start = new int[Math.max(out, 0)], taps = new int[start.length];
        for (int o = 0; o < start.length; o++) {
            start[o] = o * stride - padding;
            taps[o] = kernel;
        }
        return new PoolWindows(size, start, taps, dilation);
    }

    /** Windows of an adaptive pool: [floor(o * size / out), ceil((o + 1) * size / out)). */
    static PoolWindows adaptive(int size, int out) {
        int[] start = new int[out], taps = new int[out];
        for (int o = 0; o < out; o++) {
            start[o] = (int) Math.floorDiv((long) o * size, out);
            int end = (int) -Math.floorDiv(-(long) (o + 1) * size, out);
            taps[o] = end - start[o];
        }
        return new PoolWindows(size, start, taps, 1);
    }

    /**
     * The output size of a sliding pool: floor or ceil of (size + 2p - d(k - 1) - 1) / s, plus 1;
     * in ceil mode the last window must start inside the input or its left padding.
     */
    static int outputSize(int size, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        int span = size + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        int out = Math.floorDiv(span, stride) + 1;
        if (ceilMode && (out - 1) * stride >= size + padding) out--;
        return out;
    }

    /** Whether every window has the same number of adjacent taps, all inside [0, size). */
    boolean isDense() {
        if (step != 1 || start.length == 0) return false;
        for (int o = 0; o < start.length; o++) {
            if (taps[o] != taps[0] || start[o] < 0 || start[o] + taps[o] > size) return false;
        }
        return true;
    }

    /** Whether the windows are the adjacent pairs (2o, 2o + 1), as many as fit: kernel 2, stride 2, no padding or dilation. */
    boolean isPairs() {
        if (step != 1 || start.length != size / 2) return false;
        for (int o = 0; o < start.length; o++) {
            if (start[o] != 2 * o || taps[o] != 2) return false;
        }
        return true;
    }

    /** The number of positions of window o inside the input. */
    int validTaps(int o) {
        int n = 0;
        for (int i = 0; i < taps[o]; i++) {
            int p = start[o] + i * step;
            if (p >= 0 && p < size) n++;
        }
        return n;
    }
}
