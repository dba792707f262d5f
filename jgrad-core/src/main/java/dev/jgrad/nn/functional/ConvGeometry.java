package dev.jgrad.nn.functional;

/**
 * The sizes of one 2-D convolution, seen from the convolution's side: the image side
 * {@code (n, cin, h, w)} is what conv2d reads and what its input gradient (and a transposed
 * convolution) writes; the column side {@code (n, cout, oh, ow)} is what conv2d writes. The
 * weight is always {@code (cout, cin / groups, kh, kw)}.
 */
record ConvGeometry(int n, int cin, int h, int w, int cout, int oh, int ow,
                    int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int groups) {

    /** Output size of a convolution along one axis: (size + 2p - d(k - 1) - 1) / s + 1 (floored). */
    static int outputSize(int size, int kernel, int stride, int padding, int dilation) {
        return Math.floorDiv(size + 2 * padding - dilation * (kernel - 1) - 1, stride) + 1;
    }

    int cinPerGroup() {
        return cin / groups;
    }

    int coutPerGroup() {
        return cout / groups;
    }

    /** Rows of one group's im2col matrix: cin/groups * kh * kw. */
    int colRows() {
        return cinPerGroup() * kh * kw;
    }

    /** Columns of the im2col matrix: one per output position. */
    int colCols() {
        return oh * ow;
    }

    int imageSize() {
        return cin * h * w;
    }

    int columnSize() {
        return cout * oh * ow;
    }

    int weightSize() {
        return cout * colRows();
    }

    /** 1x1, stride 1, no padding: the image already is its im2col matrix. */
    boolean isPointwise() {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
    }

    /**
     * No dilation, one group, and a window of more than one tap: the float32 kernels read the image
     * as {@link ConvPlanes}. (A 1x1 window's im2col matrix is the image itself or a subsample of it,
     * which costs less than the stride phases.)
     */
    boolean readsPlanes() {
        return dh == 1 && dw == 1 && groups == 1 && kh * kw > 1
                && oh == outputSize(h, kh, sh, ph, 1) && ow == outputSize(w, kw, sw, pw, 1);
    }
}
