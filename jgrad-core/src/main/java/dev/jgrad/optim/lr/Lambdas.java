package dev.jgrad.optim.lr;

import dev.jgrad.optim.Optimizer;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/** Per-group lambda lists for {@link LambdaLR} and {@link MultiplicativeLR}. */
final class Lambdas {
    private Lambdas() {}

    static IntToDoubleFunction[] repeat(IntToDoubleFunction f, Optimizer optimizer) {
        IntToDoubleFunction[] out = new IntToDoubleFunction[optimizer.paramGroups().size()];
        Arrays.fill(out, f);
        return out;
    }

    static IntToDoubleFunction[] check(String who, IntToDoubleFunction[] fs, Optimizer optimizer) {
        int groups = optimizer.paramGroups().size();
        if (fs.length != groups) throw new IllegalArgumentException(who + ": Expected " + groups + " lr_lambdas, but got " + fs.length);
        return fs.clone();
    }
}
