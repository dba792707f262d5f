package dev.jgrad.cli.bench;

import dev.jgrad.nn.Module;
import dev.jgrad.nn.models.Models;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.lr.CosineAnnealingLR;
import dev.jgrad.optim.lr.LRScheduler;
import dev.jgrad.tensor.Generator;

import java.util.List;

/** The four benchmark workloads of BENCHMARKS.md: model, batch size, optimiser and schedule. */
public enum Workload {
    MLP(64), LENET(64), CNN(128), RESNET(128);

    public final int batch;

    Workload(int batch) {
        this.batch = batch;
    }

    public String id() {
        return name().toLowerCase();
    }

    public static Workload parse(String name) {
        for (Workload w : values()) if (w.id().equals(name)) return w;
        throw new IllegalArgumentException("unknown workload \"" + name + "\"; choose one of mlp, lenet, cnn, resnet, all");
    }

    /** The workloads a {@code --workload} value names ("all" is every one). */
    public static List<Workload> select(String name) {
        return name.equals("all") ? List.of(values()) : List.of(parse(name));
    }

    /** The model, seeded like the peer's {@code torch.manual_seed(seed)} (same init scheme, not the same numbers). */
    public Module model(long seed) {
        return Models.create(id(), 1, 28, 10, new Generator(seed));
    }

    public Optimizer optimizer(Module model) {
        return switch (this) {
            case MLP, LENET -> new Adam(model.parameters(), 1e-3);
            case CNN -> new SGD(model.parameters(), new SGD.Options().lr(0.05).momentum(0.9).nesterov(true).weightDecay(5e-4));
            case RESNET -> new SGD(model.parameters(), new SGD.Options().lr(0.1).momentum(0.9).weightDecay(5e-4));
        };
    }

    /** Cosine annealing stepped once per batch down to 0 for the SGD workloads; null for Adam. */
    public LRScheduler scheduler(Optimizer opt, int totalSteps) {
        return this == CNN || this == RESNET ? new CosineAnnealingLR(opt, totalSteps) : null;
    }
}
