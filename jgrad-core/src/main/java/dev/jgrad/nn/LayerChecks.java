package dev.jgrad.nn;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/** Input checks shared by layers: errors name the layer, what it expects and what it got. */
final class LayerChecks {
    private LayerChecks() {}

    /** x is (N, channels, spatial...) or unbatched (channels, spatial...). */
    static void channelsFirst(String layer, Tensor x, int channels, int spatialDims, String layout) {
        int batched = spatialDims + 2;
        boolean ok = (x.dim() == batched && x.size(1) == channels) || (x.dim() == batched - 1 && x.size(0) == channels);
        if (!ok) {
            throw new IllegalArgumentException(layer + ": expected input " + layout + ", got " + Shape.str(x.shape()));
        }
    }

    static String tuple(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    /** Python's repr of a float (0.1, 1e-05, 1.0), for reprs that match PyTorch's. */
    static String py(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e16) return String.format("%.1f", v);
        if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e16) return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) return s;
        String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
        int exp = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    static String bool(boolean b) {
        return b ? "True" : "False";
    }
}
