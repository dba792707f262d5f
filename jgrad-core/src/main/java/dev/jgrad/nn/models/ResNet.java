package dev.jgrad.nn.models;

import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Intermediates;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A residual network: {@code stem}, then {@code layers} (stages of {@link BasicBlock} or
 * {@link Bottleneck}, the first block of a stage carrying its stride), global average pooling
 * and the linear classifier {@code fc}. Module names follow the PyTorch benchmark's SmallResNet
 * ({@code stem.0.weight}, {@code layers.2.short.0.weight}, {@code fc.bias}), so its state dicts
 * load directly.
 *
 * <pre>{@code
 * var net = ResNet.small();                 // the benchmark "resnet" workload (1×28×28 -> 10)
 * var big = ResNet.resnet18(3, 10, gen);    // 4 stages × 2 basic blocks, 64..512 channels
 * }</pre>
 */
public class ResNet extends Module {
    /** Which residual block the stages use. */
    public enum Block { BASIC, BOTTLENECK }

    public final Sequential stem;
    public final Sequential layers;
    public final Linear fc;

    /**
     * stem maps the input to {@code stemChannels}; stage i has {@code blocks[i]} blocks of width
     * {@code widths[i]}, the first with stride {@code strides[i]}.
     */
    public ResNet(Sequential stem, int stemChannels, Block block, int[] blocks, int[] widths, int[] strides, int numClasses, Generator gen) {
        if (blocks.length != widths.length || blocks.length != strides.length) {
            throw new IllegalArgumentException("ResNet: blocks, widths and strides need one entry per stage, got " + blocks.length + ", "
                    + widths.length + ", " + strides.length);
        }
        this.stem = stem;
        List<Module> all = new ArrayList<>();
        int in = stemChannels;
        for (int s = 0; s < blocks.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                int stride = b == 0 ? strides[s] : 1;
                if (block == Block.BASIC) {
                    all.add(new BasicBlock(in, widths[s], stride, gen));
                    in = widths[s];
                } else {
                    all.add(new Bottleneck(in, widths[s], stride, gen));
                    in = widths[s] * Bottleneck.EXPANSION;
                }
            }
        }
        this.layers = new Sequential(all);
        this.fc = new Linear(in, numClasses, true, gen);
    }

    /** The benchmark's small ResNet for 1-channel 28×28 images and 10 classes. */
    public static ResNet small() {
        return small(1, 10, Generator.global());
    }

    /**
     * Stem conv3×3(in→16, no bias)-BN-ReLU; 3 stages × 2 basic blocks at 16/32/64 channels with
     * strides 1/2/2; global average pooling; Linear(64→classes).
     */
    public static ResNet small(int inChannels, int numClasses, Generator gen) {
        Sequential stem = new Sequential(
                new Conv2d(inChannels, 16, new int[] {3}, Conv2d.Options.defaults().padding(1).bias(false), gen),
                new BatchNorm2d(16), new ReLU());
        return new ResNet(stem, 16, Block.BASIC, new int[] {2, 2, 2}, new int[] {16, 32, 64}, new int[] {1, 2, 2}, numClasses, gen);
    }

    public static ResNet resnet18(int numClasses) {
        return resnet18(3, numClasses, Generator.global());
    }

    /** ResNet-18: stem conv7×7/2(→64)-BN-ReLU-MaxPool3×3/2, 4 stages × 2 basic blocks at 64/128/256/512. */
    public static ResNet resnet18(int inChannels, int numClasses, Generator gen) {
        Sequential stem = new Sequential(
                new Conv2d(inChannels, 64, new int[] {7}, Conv2d.Options.defaults().stride(2).padding(3).bias(false), gen),
                new BatchNorm2d(64), new ReLU(), new MaxPool2d(3, 2, 1));
        return new ResNet(stem, 64, Block.BASIC, new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512}, new int[] {1, 2, 2, 2},
                numClasses, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        try (Intermediates act = Intermediates.open(this, x)) {
            Tensor features = stem.call(x);
            features = act.free(features, layers.call(features));
            Tensor pooled = act.free(features, features.mean(new int[] {2, 3}, false));
            return act.free(pooled, fc.call(pooled));
        }
    }
}
