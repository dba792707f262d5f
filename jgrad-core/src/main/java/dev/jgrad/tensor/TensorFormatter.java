package dev.jgrad.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PyTorch-style printing: {@code tensor([[1.0000, 2.0000], ...], dtype=float64, requires_grad=true)}. */
final class TensorFormatter {
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;

    private TensorFormatter() {}

    static String format(Tensor t) {
        double[] values = t.dtype() == DType.INT64 ? null : t.toDoubleArray();
        long[] longs = t.dtype() == DType.INT64 ? t.toLongArray() : null;
        boolean summarize = t.numel() > SUMMARY_THRESHOLD;
        int[] shape = t.shape();
        String[] cells = new String[t.numel()];
        int width = 0;
        String format = values == null ? null : floatFormat(values);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = switch (t.dtype()) {
                case BOOL -> values[i] != 0 ? "True" : "False";
                case INT64 -> Long.toString(longs[i]);
                default -> number(values[i], format);
            };
            width = Math.max(width, cells[i].length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.numel() == 0) {
            sb.append("[]");
            if (shape.length != 1) sb.append(", size=(").append(joined(shape)).append(")");
        } else if (shape.length == 0) {
            sb.append(cells[0]);
        } else {
            appendDim(sb, cells, shape, 0, 0, width, summarize, "tensor(".length());
        }
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.INT64 && t.dtype() != DType.BOOL || (t.numel() == 0 && t.dtype() != DType.FLOAT32)) {
            sb.append(", dtype=").append(t.dtype());
        }
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append(">");
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(")").toString();
    }

    private static String joined(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        return sb.toString();
    }

    /**
     * PyTorch's choice of one format for all elements, from the finite nonzero magnitudes:
     * integers print as {@code 3.}, scientific notation when they span more than 1000x or leave
     * [1e-4, 1e8], else 4 decimals.
     */
    private static String floatFormat(double[] values) {
        double max = 0, min = Double.POSITIVE_INFINITY;
        boolean integral = true;
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            integral &= v == Math.rint(v);
            double a = Math.abs(v);
            if (a == 0) continue;
            max = Math.max(max, a);
            min = Math.min(min, a);
        }
        boolean spread = max > 0 && (max / min > 1000 || max > 1e8);
        if (integral) return spread ? "%.4e" : "%.0f.";
        return spread || (max > 0 && min < 1e-4) ? "%.4e" : "%.4f";
    }

    private static String number(double v, String format) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, format, v);
    }

    private static void appendDim(StringBuilder sb, String[] cells, int[] shape, int dim, int base, int width,
                                  boolean summarize, int indent) {
        int n = shape[dim];
        if (dim == shape.length - 1) {
            appendRow(sb, cells, base, n, width, summarize, indent + dim);
            return;
        }
        int block = 1;
        for (int d = dim + 1; d < shape.length; d++) block *= shape[d];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append("...,\n").append(" ".repeat(indent + dim + 1));
                i = n - EDGE_ITEMS;
            }
            appendDim(sb, cells, shape, dim + 1, base + i * block, width, summarize, indent);
            if (i < n - 1) sb.append(",").append("\n".repeat(shape.length - dim - 1)).append(" ".repeat(indent + dim + 1));
        }
        sb.append(']');
    }

    /** One innermost row, wrapped at PyTorch's line width of 80 as many elements per line as fit. */
    private static void appendRow(StringBuilder sb, String[] cells, int base, int n, int width, boolean summarize, int indent) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                items.add(" ...");
                i = n - EDGE_ITEMS;
            }
            items.add(" ".repeat(width - cells[base + i].length()) + cells[base + i]);
        }
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (width + 2));
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
            sb.append(items.get(i));
        }
        sb.append(']');
    }
}
