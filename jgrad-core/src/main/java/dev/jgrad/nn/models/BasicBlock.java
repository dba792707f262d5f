package dev.jgrad.nn.models;

import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Intermediates;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Name;
import dev.jgrad.nn.Sequential;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

/**
 * ResNet's basic block: relu(b2(c2(relu(b1(c1(x))))) + shortcut(x)) with 3×3 convolutions
 * (no bias); the shortcut is the identity, or a 1×1 conv + BN projection named {@code short}
 * when the stride or width changes. Field names match the PyTorch benchmark's block so state
 * dicts transfer.
 *
 * <pre>{@code
 * var block = new BasicBlock(16, 32, 2, gen);   // [N, 16, 28, 28] -> [N, 32, 14, 14]
 * }</pre>
 */
public class BasicBlock extends Module {
    public static final int EXPANSION = 1;

    public final Conv2d c1;
    public final BatchNorm2d b1;
    public final Conv2d c2;
    public final BatchNorm2d b2;
    @Name("short") public final Sequential shortcut;   // null: identity

    public BasicBlock(int inChannels, int outChannels, int stride, Generator gen) {
        c1 = new Conv2d(inChannels, outChannels, new int[] {3}, Conv2d.Options.defaults().stride(stride).padding(1).bias(false), gen);
        b1 = new BatchNorm2d(outChannels);
        c2 = new Conv2d(outChannels, outChannels, new int[] {3}, Conv2d.Options.defaults().padding(1).bias(false), gen);
        b2 = new BatchNorm2d(outChannels);
        shortcut = projection(inChannels, outChannels, stride, gen);
    }

    /** The 1×1 conv + BN shortcut when the shape changes, else null (identity). */
    static Sequential projection(int inChannels, int outChannels, int stride, Generator gen) {
        if (stride == 1 && inChannels == outChannels) return null;
        return new Sequential(
                new Conv2d(inChannels, outChannels, new int[] {1}, Conv2d.Options.defaults().stride(stride).bias(false), gen),
                new BatchNorm2d(outChannels));
    }

    @Override
    public Tensor forward(Tensor x) {
        try (Intermediates act = Intermediates.open(this, x)) {
            Tensor out = c1.call(x);
            out = act.free(out, b1.callRelu(out));
            out = act.free(out, c2.call(out));
            out = act.free(out, b2.call(out));
            Tensor skip = shortcut == null ? x : shortcut.call(x);
            return act.free(skip, act.free(out, out.addRelu(skip)));
        }
    }
}
