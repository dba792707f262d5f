package dev.jgrad.nn.models;

import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.ConvTranspose2d;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ModuleList;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Upsample;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;

/**
 * U-Net: an encoder of double 3×3 conv-BN-ReLU stages (channels base · 2^i) that halves the
 * resolution {@code depth} times ({@code "pool"}: max pooling, {@code "strided"}: stride-2 conv),
 * a bottleneck, and a decoder that doubles it back ({@code "transposed"}: 2×2 transposed conv,
 * {@code "bilinear"}: bilinear up-sampling + 1×1 conv), concatenating the encoder's feature map
 * of the same size (skip connection) before each double conv; a 1×1 conv maps to
 * {@code outChannels} per pixel. H and W must be divisible by 2^depth.
 *
 * <pre>{@code
 * var unet = new UNet(1, 2, 2, 16, "pool", "transposed", gen);
 * Tensor logits = unet.call(x);   // [4, 1, 28, 28] -> [4, 2, 28, 28]
 * }</pre>
 */
public class UNet extends Module {
    public final int depth;
    public final ModuleList encoders;
    public final ModuleList downs;
    public final Sequential bottleneck;
    public final ModuleList ups;
    public final ModuleList decoders;
    public final Conv2d head;

    public UNet(int inChannels, int outChannels, int depth, int baseChannels, String down, String up, Generator gen) {
        if (depth < 1) throw new IllegalArgumentException("UNet: depth must be at least 1, got " + depth);
        if (!down.equals("pool") && !down.equals("strided")) throw new IllegalArgumentException("UNet: down must be \"pool\" or \"strided\", got \"" + down + "\"");
        if (!up.equals("transposed") && !up.equals("bilinear")) {
            throw new IllegalArgumentException("UNet: up must be \"transposed\" or \"bilinear\", got \"" + up + "\"");
        }
        this.depth = depth;
        encoders = new ModuleList();
        downs = new ModuleList();
        int in = inChannels;
        for (int i = 0; i < depth; i++) {
            int c = baseChannels << i;
            encoders.add(doubleConv(in, c, gen));
            downs.add(down.equals("pool") ? new MaxPool2d(2)
                    : new Conv2d(c, c, new int[] {2}, Conv2d.Options.defaults().stride(2), gen));
            in = c;
        }
        bottleneck = doubleConv(in, baseChannels << depth, gen);
        ups = new ModuleList();
        decoders = new ModuleList();
        for (int i = depth - 1; i >= 0; i--) {
            int c = baseChannels << i, from = baseChannels << (i + 1);
            ups.add(up.equals("transposed")
                    ? new ConvTranspose2d(from, c, new int[] {2}, ConvTranspose2d.Options.defaults().stride(2), gen)
                    : new Sequential(Upsample.scale(2, "bilinear", false), new Conv2d(from, c, new int[] {1}, Conv2d.Options.defaults(), gen)));
            decoders.add(doubleConv(2 * c, c, gen));
        }
        head = new Conv2d(baseChannels, outChannels, new int[] {1}, Conv2d.Options.defaults(), gen);
    }

    private static Sequential doubleConv(int in, int out, Generator gen) {
        return new Sequential(
                new Conv2d(in, out, new int[] {3}, Conv2d.Options.defaults().padding(1).bias(false), gen), new BatchNorm2d(out), new ReLU(),
                new Conv2d(out, out, new int[] {3}, Conv2d.Options.defaults().padding(1).bias(false), gen), new BatchNorm2d(out), new ReLU());
    }

    @Override
    public Tensor forward(Tensor x) {
        int factor = 1 << depth;
        if (x.dim() != 4 || x.size(2) % factor != 0 || x.size(3) % factor != 0) {
            throw new IllegalArgumentException("UNet(depth " + depth + "): expected input (N, C, H, W) with H and W divisible by " + factor
                    + ", got " + Shape.str(x.shape()));
        }
        List<Tensor> skips = new ArrayList<>();
        Tensor h = x;
        for (int i = 0; i < depth; i++) {
            h = encoders.get(i).call(h);
            skips.add(h);
            h = downs.get(i).call(h);
        }
        h = bottleneck.call(h);
        for (int j = 0; j < depth; j++) {
            h = ups.get(j).call(h);
            h = decoders.get(j).call(Tensors.cat(1, skips.get(depth - 1 - j), h));
        }
        return head.call(h);
    }
}
