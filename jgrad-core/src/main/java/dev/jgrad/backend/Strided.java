package dev.jgrad.backend;

import dev.jgrad.tensor.Storage;

/**
 * What a kernel sees of a tensor: its storage and a strided window into it. Strides may be 0
 * (broadcast dims). Kernels never check arguments; the tensor layer did.
 *
 * @param shape   sizes per dim
 * @param strides elements to skip per step in each dim
 */
public record Strided(Storage storage, int offset, int[] shape, int[] strides) {
    /** Row-major without gaps; strides of size-1 dims do not matter, and an empty tensor is contiguous (like PyTorch). */
    public boolean isContiguous() {
        if (numel() == 0) return true;
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    public int numel() {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}
