package dev.jgrad.nn.functional;

import dev.jgrad.tensor.Storage;

import java.util.Random;

/**
 * The three float32 convolution kernels of one layer shape, called directly (no autograd, no
 * tensors), batch 128: forward, input gradient and weight gradient, each the best of 30 calls
 * after 10 warm-up calls, in ms and GFLOPS. It sits in the kernels' package to reach them, so it is
 * compiled onto the core's classes rather than run as a source file:
 *
 * <pre>
 * javac --add-modules jdk.incubator.vector -cp jgrad-core/target/classes -d /tmp/passes tools/bench/ConvPasses.java
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
 *      -cp "/tmp/passes:jgrad-core/target/classes:jgrad-cli/target/lib/*" dev.jgrad.nn.functional.ConvPasses 64:7:64:3:1:1 ...
 * </pre>
 * A shape is cin:size:cout:kernel:padding:stride (square images and windows). To compare two builds,
 * run it from both in one JVM with {@code tools/bench/Interleave.java}; {@code conv_passes.py} times
 * the same passes in PyTorch.
 */
public final class ConvPasses {
    public static void main(String[] shapes) {
        for (String shape : shapes) {
            int[] s = java.util.Arrays.stream(shape.split(":")).mapToInt(Integer::parseInt).toArray();
            int cin = s[0], size = s[1], cout = s[2], k = s[3], pad = s[4], stride = s[5], n = 128;
            int out = (size + 2 * pad - k) / stride + 1;
            var g = new ConvGeometry(n, cin, size, size, cout, out, out, k, k, stride, stride, pad, pad, 1, 1, 1);
            Random random = new Random(1);
            Storage.F32 w = random(cout * cin * k * k, random), x = random(n * cin * size * size, random), grad = random(n * cout * out * out, random);
            long forward = Long.MAX_VALUE, input = Long.MAX_VALUE, weight = Long.MAX_VALUE;
            for (int call = 0; call < 40; call++) {
                long t0 = System.nanoTime();
                ConvKernels.forward(g, x, 0, w, 0, null, 0);
                long t1 = System.nanoTime();
                ConvKernels.inputGradient(g, grad, 0, w, 0);
                long t2 = System.nanoTime();
                ConvKernels.weightGradient(g, x, 0, grad, 0);
                long t3 = System.nanoTime();
                if (call >= 10) {
                    forward = Math.min(forward, t1 - t0);
                    input = Math.min(input, t2 - t1);
                    weight = Math.min(weight, t3 - t2);
                }
            }
            double flops = 2.0 * n * cout * cin * k * k * out * out;
            System.out.printf("%-16s forward %6.2f ms (%3.0f GFLOPS)  input gradient %6.2f ms (%3.0f)  weight gradient %6.2f ms (%3.0f)%n",
                    shape, forward / 1e6, flops / forward, input / 1e6, flops / input, weight / 1e6, flops / weight);
        }
    }

    private static Storage.F32 random(int size, Random random) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = random.nextFloat() - 0.5f;
        return new Storage.F32(a);
    }
}
