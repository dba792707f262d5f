package dev.jgrad.backend;

import dev.jgrad.tensor.Storage;

/**
 * The kernel interface a device implements. Kernels compute and nothing else: the tensor layer
 * has already checked shapes and dtypes, broadcast strides (stride 0) and allocated outputs.
 * Outputs are contiguous unless a {@link Strided} destination says otherwise. Implementations are
 * found with {@link java.util.ServiceLoader} (see {@link Backends}).
 */
public interface Backend {
    /** The device name tensors carry, e.g. {@code "cpu"}. */
    String device();

    /** out[i] = op(x[i]) over x's shape; out is contiguous and may have another dtype than x. */
    void unary(UnaryOp op, double p, double q, Strided x, Storage out);

    /** out[i] = op(a[i], b[i]) over {@code shape}; a and b carry strides already broadcast to it. */
    void binary(BinaryOp op, Strided a, Strided b, Storage out, int[] shape);

    /** out[i] = cond[i] ? a[i] : b[i] over {@code shape}, all inputs broadcast to it. */
    void where(Strided cond, Strided a, Strided b, Storage out, int[] shape);

    /** Copies src into dst elementwise (same shape), converting the dtype. */
    void copy(Strided src, Strided dst);

    /** out[o] = op over src[o*inner .. o*inner+inner) for a contiguous src; index ops write int64. */
    void reduce(ReduceOp op, Storage src, int outer, int inner, Storage out);

    /**
     * Batched matrix product c[i] = op(a at aOffsets[i]) @ op(b at bOffsets[i]) for i in
     * [0, batch), with c contiguous (batch, m, n). op transposes when the flag is set; lda and ldb
     * are the row strides of the stored matrices.
     */
    void matmul(int batch, int m, int n, int k,
                Storage a, int[] aOffsets, int lda, boolean transA,
                Storage b, int[] bOffsets, int ldb, boolean transB,
                Storage c);

    /**
     * Along one axis of a contiguous (outer, size, inner) source: out(outer, idxSize, inner) where
     * out[o, j, i] = src[o, index[o, j, i], i]; index is contiguous int64 of the output shape.
     */
    void gather(Storage src, int outer, int size, int inner, Storage index, int idxSize, Storage out);

    /** The adjoint of gather: dst[o, index[o, j, i], i] += src[o, j, i]; dst contiguous (outer, size, inner). */
    void scatterAdd(Storage dst, int outer, int size, int inner, Storage index, int idxSize, Storage src);

    /**
     * Stable argsort of each row of a contiguous (outer, n) source (NaN sorts as the largest, like
     * PyTorch), writing int64 indices of the same shape.
     */
    void argsort(Storage src, int outer, int n, boolean descending, Storage outIndex);

    /** Unfolds image patches: see {@code Im2col}. x is (c, h, w) at xOff, col is (c*kh*kw, oh*ow). */
    void im2col(Storage x, int xOff, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                int dh, int dw, Storage col, int colOff);

    /** The adjoint of im2col, accumulating into x. */
    void col2im(Storage col, int colOff, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                int dh, int dw, Storage x, int xOff);
}
