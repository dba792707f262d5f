package dev.jgrad.data.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The content of an IDX file of unsigned bytes: its dimensions and its data in row-major order.
 * Read elements as {@code data[i] & 0xFF}.
 */
public record IdxArray(int[] dims, byte[] data) {
    public IdxArray {
        long size = 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + size
                    + " elements, data has " + data.length);
        }
    }

    public int rank() {
        return dims.length;
    }

    /** Dimensions formatted as in error messages, e.g. {@code 60000x28x28}. */
    public String shapeString() {
        return formatDims(dims);
    }

    static String formatDims(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
