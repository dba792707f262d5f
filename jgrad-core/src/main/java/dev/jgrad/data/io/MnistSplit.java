package dev.jgrad.data.io;

/** The standard train/test split of an MNIST-format dataset. */
public record MnistSplit(MnistData train, MnistData test) {}
