package dev.jgrad.nn.models;

import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ModuleList;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;

/**
 * A DenseNet block: each layer (BN-ReLU-conv3×3, {@code growthRate} new channels) sees the
 * concatenation of the block input and every earlier layer's output; the block returns all of
 * them concatenated, in + layers · growthRate channels.
 *
 * <pre>{@code
 * var block = new DenseBlock(16, 12, 4, gen);   // [N, 16, H, W] -> [N, 64, H, W]
 * }</pre>
 */
public class DenseBlock extends Module {
    public final int inChannels, growthRate;
    public final ModuleList layers;

    public DenseBlock(int inChannels, int growthRate, int numLayers, Generator gen) {
        this.inChannels = inChannels;
        this.growthRate = growthRate;
        layers = new ModuleList();
        for (int i = 0; i < numLayers; i++) {
            int in = inChannels + i * growthRate;
            layers.add(new Sequential(new BatchNorm2d(in), new ReLU(),
                    new Conv2d(in, growthRate, new int[] {3}, Conv2d.Options.defaults().padding(1).bias(false), gen)));
        }
    }

    public int outChannels() {
        return inChannels + layers.size() * growthRate;
    }

    @Override
    public Tensor forward(Tensor x) {
        List<Tensor> features = new ArrayList<>(List.of(x));
        for (Module layer : layers) features.add(layer.call(Tensors.cat(features, 1)));
        return Tensors.cat(features, 1);
    }
}
