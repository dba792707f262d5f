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
 * ResNet's bottleneck block (ResNet-50 style): 1×1 reduce to {@code width}, 3×3 (carrying the
 * stride), 1×1 expand to 4·width, each with BN, ReLU after the sum with the shortcut (a 1×1
 * conv + BN projection named {@code short} when the shape changes).
 *
 * <pre>{@code
 * var block = new Bottleneck(256, 64, 1, gen);   // 256 -> 256 channels
 * }</pre>
 */
public class Bottleneck extends Module {
    public static final int EXPANSION = 4;

    public final Conv2d c1;
    public final BatchNorm2d b1;
    public final Conv2d c2;
    public final BatchNorm2d b2;
    public final Conv2d c3;
    public final BatchNorm2d b3;
    @Name("short") public final Sequential shortcut;   // null: identity

    public Bottleneck(int inChannels, int width, int stride, Generator gen) {
        int out = width * EXPANSION;
        c1 = new Conv2d(inChannels, width, new int[] {1}, Conv2d.Options.defaults().bias(false), gen);
        b1 = new BatchNorm2d(width);
        c2 = new Conv2d(width, width, new int[] {3}, Conv2d.Options.defaults().stride(stride).padding(1).bias(false), gen);
        b2 = new BatchNorm2d(width);
        c3 = new Conv2d(width, out, new int[] {1}, Conv2d.Options.defaults().bias(false), gen);
        b3 = new BatchNorm2d(out);
        shortcut = BasicBlock.projection(inChannels, out, stride, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        try (Intermediates act = Intermediates.open(this, x)) {
            Tensor out = c1.call(x);
            out = act.free(out, b1.callRelu(out));
            out = act.free(out, c2.call(out));
            out = act.free(out, b2.callRelu(out));
            out = act.free(out, c3.call(out));
            out = act.free(out, b3.call(out));
            Tensor skip = shortcut == null ? x : shortcut.call(x);
            Tensor sum = act.free(skip, act.free(out, out.add(skip)));
            return act.free(sum, sum.relu());
        }
    }
}
