import dev.jgrad.nn.functional.F;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Forward and backward time of each layer of a benchmark model, one op at a time, for A/B
 * comparisons of kernels between two builds in one session (alternate the two classpaths; the
 * machines are too noisy for numbers from different sessions). Each op runs {@code calls} times
 * per repetition; the best of 7 repetitions is printed. The backward time is (forward + backward)
 * minus forward, with the input's gradient reset each call so that no accumulation is timed.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Djgrad.threads=1 \
 *      -cp "jgrad-core/target/classes:jgrad-cli/target/lib/*" tools/bench/OpTimes.java lenet 100 [NAME-FILTER]
 * </pre>
 * Workloads: lenet, cnn, resnet (each distinct layer shape once; "xK" in a name: K such layers).
 * {@code tools/bench/optimes.py} times the same layers in PyTorch, the same way, for a per-layer
 * comparison with the peer.
 */
public class OpTimes {
    record Op(String name, int[] shape, UnaryOperator<Tensor> f) {}

    static Tensor param(int... shape) {
        return Tensors.randn(shape).mul(Tensors.scalar(0.1)).requiresGrad_();
    }

    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "lenet";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        String filter = args.length > 2 ? args[2] : "";
        List<Op> ops = new ArrayList<>();
        if (workload.equals("lenet")) {
            Tensor w1 = param(6,1,5,5), b1 = param(6), w2 = param(16,6,5,5), b2 = param(16);
            ops.add(new Op("conv1 5x5 1->6 pad2", new int[]{64,1,28,28}, x -> F.conv2d(x, w1, b1, new int[]{1,1}, new int[]{2,2}, new int[]{1,1}, 1)));
            ops.add(new Op("relu 64x6x28x28", new int[]{64,6,28,28}, x -> x.relu()));
            ops.add(new Op("pool 64x6x28x28", new int[]{64,6,28,28}, x -> F.maxPool2d(x, 2)));
            ops.add(new Op("conv2 5x5 6->16", new int[]{64,6,14,14}, x -> F.conv2d(x, w2, b2, new int[]{1,1}, new int[]{0,0}, new int[]{1,1}, 1)));
            ops.add(new Op("relu 64x16x10x10", new int[]{64,16,10,10}, x -> x.relu()));
            ops.add(new Op("pool 64x16x10x10", new int[]{64,16,10,10}, x -> F.maxPool2d(x, 2)));
            Tensor l1 = param(120,400), c1 = param(120), l2 = param(84,120), c2 = param(84), l3 = param(10,84), c3 = param(10);
            ops.add(new Op("fc 400-120-84-10", new int[]{64,400}, x -> F.linear(F.relu(F.linear(F.relu(F.linear(x, l1, c1)), l2, c2)), l3, c3)));
        } else if (workload.equals("cnn")) {
            Tensor w1 = param(32,1,3,3), w2 = param(32,32,3,3), w3 = param(64,32,3,3), w4 = param(64,64,3,3), b = param(64), b32 = param(32);
            int[] one = {1,1};
            ops.add(new Op("conv 1->32 28", new int[]{128,1,28,28}, x -> F.conv2d(x, w1, b32, one, one, one, 1)));
            ops.add(new Op("conv 32->32 28", new int[]{128,32,28,28}, x -> F.conv2d(x, w2, b32, one, one, one, 1)));
            ops.add(new Op("bn+relu 32x28", new int[]{128,32,28,28}, x -> F.batchNormRelu(x, null, null, b32, b32, true, 0.1, 1e-5)));
            ops.add(new Op("pool 32x28", new int[]{128,32,28,28}, x -> F.maxPool2d(x, 2)));
            ops.add(new Op("conv 32->64 14", new int[]{128,32,14,14}, x -> F.conv2d(x, w3, b, one, one, one, 1)));
            ops.add(new Op("conv 64->64 14", new int[]{128,64,14,14}, x -> F.conv2d(x, w4, b, one, one, one, 1)));
            ops.add(new Op("bn+relu 64x14", new int[]{128,64,14,14}, x -> F.batchNormRelu(x, null, null, b, b, true, 0.1, 1e-5)));
            ops.add(new Op("pool 64x14", new int[]{128,64,14,14}, x -> F.maxPool2d(x, 2)));
            Tensor l1 = param(128,3136), c1 = param(128);
            ops.add(new Op("dropout+fc 3136-128", new int[]{128,3136}, x -> F.linear(F.dropout(x, 0.25, true), l1, c1)));
        }
        if (workload.equals("resnet")) {
            int[] one = {1,1}, two = {2,2}, zero = {0,0};
            Tensor s = param(16,1,3,3), a16 = param(16,16,3,3), b1 = param(32,16,3,3), b2 = param(32,32,3,3), c1 = param(64,32,3,3), c2 = param(64,64,3,3);
            Tensor pr1 = param(32,16,1,1), pr2 = param(64,32,1,1), g16 = param(16), g32 = param(32), g64 = param(64);
            ops.add(new Op("stem 1->16 28", new int[]{128,1,28,28}, x -> F.conv2d(x, s, null, one, one, one, 1)));
            ops.add(new Op("x4 conv 16->16 28", new int[]{128,16,28,28}, x -> F.conv2d(x, a16, null, one, one, one, 1)));
            ops.add(new Op("x5 bn+relu 16x28", new int[]{128,16,28,28}, x -> F.batchNormRelu(x, null, null, g16, g16, true, 0.1, 1e-5)));
            ops.add(new Op("x2 addrelu 16x28", new int[]{128,16,28,28}, x -> x.addRelu(x)));
            ops.add(new Op("conv 16->32 s2", new int[]{128,16,28,28}, x -> F.conv2d(x, b1, null, two, one, one, 1)));
            ops.add(new Op("proj 16->32 1x1 s2", new int[]{128,16,28,28}, x -> F.conv2d(x, pr1, null, two, zero, one, 1)));
            ops.add(new Op("x3 conv 32->32 14", new int[]{128,32,14,14}, x -> F.conv2d(x, b2, null, one, one, one, 1)));
            ops.add(new Op("x5 bn+relu 32x14", new int[]{128,32,14,14}, x -> F.batchNormRelu(x, null, null, g32, g32, true, 0.1, 1e-5)));
            ops.add(new Op("conv 32->64 s2", new int[]{128,32,14,14}, x -> F.conv2d(x, c1, null, two, one, one, 1)));
            ops.add(new Op("proj 32->64 1x1 s2", new int[]{128,32,14,14}, x -> F.conv2d(x, pr2, null, two, zero, one, 1)));
            ops.add(new Op("x3 conv 64->64 7", new int[]{128,64,7,7}, x -> F.conv2d(x, c2, null, one, one, one, 1)));
            ops.add(new Op("x5 bn+relu 64x7", new int[]{128,64,7,7}, x -> F.batchNormRelu(x, null, null, g64, g64, true, 0.1, 1e-5)));
        }
        double forwardTotal = 0, backwardTotal = 0;
        for (Op op : ops) {
            if (!op.name().contains(filter)) continue;
            Tensor x = Tensors.randn(op.shape()).requiresGrad_();
            Tensor g = Tensors.randn(op.f().apply(x).shape());
            for (int i = 0; i < 2 * calls; i++) run(op, x, g, true); // warm-up: JIT
            double forward = Double.MAX_VALUE, both = Double.MAX_VALUE;
            for (int rep = 0; rep < 7; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) run(op, x, g, false);
                long t1 = System.nanoTime();
                for (int i = 0; i < calls; i++) run(op, x, g, true);
                long t2 = System.nanoTime();
                forward = Math.min(forward, (t1 - t0) / 1e6 / calls);
                both = Math.min(both, (t2 - t1) / 1e6 / calls);
            }
            forwardTotal += forward;
            backwardTotal += both - forward;
            System.out.printf("%-24s fwd %7.3f ms  bwd %7.3f ms%n", op.name(), forward, both - forward);
        }
        System.out.printf("%-24s fwd %7.3f ms  bwd %7.3f ms%n", "TOTAL", forwardTotal, backwardTotal);
    }

    private static void run(Op op, Tensor x, Tensor g, boolean backward) {
        x.setGrad(null);
        Tensor y = op.f().apply(x);
        if (backward) y.backward(g);
    }
}
