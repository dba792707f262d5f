package dev.jgrad.data;

/** A training set and a held-out test (or validation) set. */
public record TrainTest<D extends Dataset<?>>(D train, D test) {}
