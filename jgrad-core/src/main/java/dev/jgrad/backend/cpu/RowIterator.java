package dev.jgrad.backend.cpu;

import dev.jgrad.tensor.Shape;

/**
 * Walks the rows (all dims but the innermost, after merging) of a shape for several strided
 * operands at once, yielding each operand's offset at the start of a row. Rank-0 shapes are one row of one element.
 */
final class RowIterator {
    final int count;
    final int inner;
    private final int[] outerShape;
    private final int[][] strides;
    private final int[] offsets;

    /**
     * {@code stridesAndOffsets} alternates int[] strides and Integer offsets, one pair per operand.
     * Dims that every operand steps over as one (stride[d] == stride[d + 1] * shape[d + 1]) are
     * merged and size-1 dims dropped, so that a contiguous (N, C, H, W) walks as one long row
     * rather than N·C·H rows of W elements.
     */
    RowIterator(int[] shape, Object... stridesAndOffsets) {
        int ops = stridesAndOffsets.length / 2;
        int[][] given = new int[ops][];
        offsets = new int[ops];
        for (int i = 0; i < ops; i++) {
            given[i] = (int[]) stridesAndOffsets[2 * i];
            offsets[i] = (Integer) stridesAndOffsets[2 * i + 1];
        }
        int rank = shape.length, merged = 0;
        int[] dims = new int[rank];
        int[][] steps = new int[ops][rank];
        for (int d = rank - 1; d >= 0; d--) { // innermost first
            if (shape[d] == 1) continue;
            if (merged > 0 && stepsAsOne(given, d, steps, merged - 1, dims[merged - 1])) {
                dims[merged - 1] *= shape[d];
                continue;
            }
            dims[merged] = shape[d];
            for (int k = 0; k < ops; k++) steps[k][merged] = given[k][d];
            merged++;
        }
        strides = new int[ops][merged];
        for (int k = 0; k < ops; k++) {
            for (int m = 0; m < merged; m++) strides[k][m] = steps[k][merged - 1 - m];
        }
        inner = merged == 0 ? 1 : dims[0];
        outerShape = new int[Math.max(0, merged - 1)];
        for (int m = 0; m < outerShape.length; m++) outerShape[m] = dims[merged - 1 - m];
        int c = 1;
        for (int s : outerShape) c *= s;
        count = Shape.numel(shape) == 0 ? 0 : c;
    }

    /** Whether every operand's stride over dim d continues its stride over the merged dim m of the given size. */
    private static boolean stepsAsOne(int[][] given, int d, int[][] steps, int m, int size) {
        for (int k = 0; k < given.length; k++) {
            if (given[k][d] != steps[k][m] * size) return false;
        }
        return true;
    }

    int innerStride(int operand) {
        int[] s = strides[operand];
        return s.length == 0 ? 0 : s[s.length - 1];
    }

    /** Offsets at the start of {@code row}, followed by the row's coordinates (used by advance). */
    int[] start(int row) {
        int ops = offsets.length, r = outerShape.length;
        int[] state = new int[ops + r];
        for (int k = 0; k < ops; k++) state[k] = offsets[k];
        for (int d = r - 1; d >= 0; d--) {
            int coord = row % outerShape[d];
            row /= outerShape[d];
            state[ops + d] = coord;
            for (int k = 0; k < ops; k++) state[k] += coord * strides[k][d];
        }
        return state;
    }

    /** Moves the offsets in {@code state} to the next row. */
    void advance(int[] state) {
        int ops = offsets.length;
        for (int d = outerShape.length - 1; d >= 0; d--) {
            int coord = ++state[ops + d];
            if (coord < outerShape[d]) {
                for (int k = 0; k < ops; k++) state[k] += strides[k][d];
                return;
            }
            state[ops + d] = 0;
            for (int k = 0; k < ops; k++) state[k] -= (outerShape[d] - 1) * strides[k][d];
        }
    }
}
