package dev.jgrad.tensor;

import java.util.Locale;

/** PyTorch-style printing: {@code tensor([[1.0000, 2.0000], ...], dtype=float64, requires_grad=true)}. */
final class TensorFormatter {
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormatter() {}

    static String format(Tensor t) {
        double[] values = t.dtype() == DType.INT64 ? null : t.toDoubleArray();
        long[] longs = t.dtype() == DType.INT64 ? t.toLongArray() : null;
        boolean summarize = t.numel() > SUMMARY_THRESHOLD;
        int[] shape = t.shape();
        String[] cells = new String[t.numel()];
        int width = 0;
        boolean integral = true;
        if (values != null) for (double v : values) integral &= v == Math.rint(v) && Math.abs(v) < 1e8;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = switch (t.dtype()) {
                case BOOL -> values[i] != 0 ? "True" : "False";
                case INT64 -> Long.toString(longs[i]);
                default -> number(values[i], integral);
            };
            width = Math.max(width, cells[i].length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
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

    private static String number(double v, boolean integral) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (integral) return String.format(Locale.ROOT, "%.0f.", v);
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e8 || a < 1e-4)) return String.format(Locale.ROOT, "%.4e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static void appendDim(StringBuilder sb, String[] cells, int[] shape, int dim, int base, int width,
                                  boolean summarize, int indent) {
        int n = shape[dim];
        int block = 1;
        for (int d = dim + 1; d < shape.length; d++) block *= shape[d];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE_ITEMS;
            }
            if (dim == shape.length - 1) {
                String c = cells[base + i];
                sb.append(" ".repeat(width - c.length())).append(c);
            } else {
                appendDim(sb, cells, shape, dim + 1, base + i * block, width, summarize, indent);
            }
            if (i < n - 1) {
                sb.append(dim == shape.length - 1 ? ", " : "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }
}
