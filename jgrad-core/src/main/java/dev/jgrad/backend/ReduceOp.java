package dev.jgrad.backend;

/** Reductions over the inner axis of a contiguous (outer, inner) block. */
public enum ReduceOp {
    SUM, PROD, MAX, MIN, ARGMAX, ARGMIN;

    public boolean producesIndex() {
        return this == ARGMAX || this == ARGMIN;
    }
}
