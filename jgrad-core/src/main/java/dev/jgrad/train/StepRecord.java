package dev.jgrad.train;

/** The loss of one optimisation step (logged every few steps) and the learning rate it used. */
public record StepRecord(long step, int epoch, int batch, double loss, double lr) {}
