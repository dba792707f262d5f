package dev.jgrad.data.io;

/** CIFAR-10's training batches (data_batch_1..5) and its test batch. */
public record Cifar10Split(Cifar10Data train, Cifar10Data test) {}
