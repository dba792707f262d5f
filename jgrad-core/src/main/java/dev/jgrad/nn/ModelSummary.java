package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensors;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link Module#summary}'s table by running one forward pass with hooks on every module. */
final class ModelSummary {
    private static final int NAME_WIDTH = 40, SHAPE_WIDTH = 26, PARAM_WIDTH = 15;

    private ModelSummary() {}

    private static final class Row {
        final String label;
        String outputShape = "--";
        final String params;

        Row(String label, String params) {
            this.label = label;
            this.params = params;
        }
    }

    static String of(Module model, int[] inputShape) {
        Map<Module, String> names = new IdentityHashMap<>();
        model.namedModules().forEach((k, m) -> names.put(m, k));
        Map<Module, Integer> indexInParent = new IdentityHashMap<>();
        for (Module m : model.modules()) {
            int i = 1;
            for (Module c : m.children()) indexInParent.putIfAbsent(c, i++);
        }
        List<Row> rows = new ArrayList<>();
        Map<Module, Row> open = new IdentityHashMap<>();
        List<Module.HookHandle> handles = new ArrayList<>();
        for (Module m : model.modules()) {
            handles.add(m.registerForwardPreHook((mod, in) -> {
                Row row = new Row(label(mod, names.get(mod), indexInParent.getOrDefault(mod, 1)), ownParams(mod));
                rows.add(row);
                open.put(mod, row);
                return null;
            }));
            handles.add(m.registerForwardHook((mod, in, out) -> {
                Row row = open.remove(mod);
                if (row != null) row.outputShape = Shape.str(out.shape());
                return null;
            }));
        }
        boolean wasTraining = model.isTraining();
        try (var noGrad = Autograd.noGrad()) {
            model.eval();
            model.call(Tensors.zeros(inputShape));
        } finally {
            handles.forEach(Module.HookHandle::remove);
            model.train(wasTraining);
        }
        String rule = "=".repeat(NAME_WIDTH + SHAPE_WIDTH + PARAM_WIDTH);
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        sb.append(pad("Layer (type:depth-idx)", NAME_WIDTH)).append(pad("Output Shape", SHAPE_WIDTH)).append("Param #").append('\n');
        sb.append(rule).append('\n');
        for (Row r : rows) sb.append(pad(r.label, NAME_WIDTH)).append(pad(r.outputShape, SHAPE_WIDTH)).append(r.params).append('\n');
        sb.append(rule).append('\n');
        long total = model.numParameters(), trainable = model.numTrainableParameters();
        sb.append("Total params: ").append(String.format("%,d", total)).append('\n');
        sb.append("Trainable params: ").append(String.format("%,d", trainable)).append('\n');
        sb.append("Non-trainable params: ").append(String.format("%,d", total - trainable)).append('\n');
        sb.append("Input size: ").append(Shape.str(inputShape)).append('\n');
        sb.append(rule).append('\n');
        return sb.toString();
    }

    private static String label(Module m, String name, int index) {
        if (name == null || name.isEmpty()) return m.typeName();
        int depth = name.split("\\.").length;
        return "│    ".repeat(depth - 1) + "├─" + m.typeName() + ": " + depth + "-" + index;
    }

    /** Own parameters only (children have their own rows); "--" for pure containers. */
    private static String ownParams(Module m) {
        long n = 0;
        for (Parameter p : m.localParameters().values()) n += p.numel();
        if (n == 0 && !m.localModules().isEmpty()) return "--";
        return String.format("%,d", n);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
