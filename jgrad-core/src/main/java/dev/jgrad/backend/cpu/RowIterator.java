package dev.jgrad.backend.cpu;

/**
 * Walks the rows (all dims but the last) of a shape for several strided operands at once,
 * yielding each operand's offset at the start of a row. Rank-0 shapes are one row of one element.
 */
final class RowIterator {
    final int count;
    final int inner;
    private final int[] outerShape;
    private final int[][] strides;
    private final int[] offsets;

    /** {@code stridesAndOffsets} alternates int[] strides and Integer offsets, one pair per operand. */
    RowIterator(int[] shape, Object... stridesAndOffsets) {
        int ops = stridesAndOffsets.length / 2;
        strides = new int[ops][];
        offsets = new int[ops];
        for (int i = 0; i < ops; i++) {
            strides[i] = (int[]) stridesAndOffsets[2 * i];
            offsets[i] = (Integer) stridesAndOffsets[2 * i + 1];
        }
        int rank = shape.length;
        inner = rank == 0 ? 1 : shape[rank - 1];
        outerShape = rank == 0 ? new int[0] : java.util.Arrays.copyOf(shape, rank - 1);
        int c = 1;
        for (int s : outerShape) c *= s;
        count = inner == 0 ? 0 : c;
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
