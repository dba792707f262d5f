package dev.jgrad.cli.bench;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The bench command's table: one line per measured run, and the jgrad/peer ratio under each pair.
 * "steady img/s" leaves out the first epoch's first batches (BenchRun.WARM_BATCHES, as the peer's
 * script does), which in a fresh JVM are mostly the JIT compiler's: where train img/s and steady
 * img/s differ, the difference is warm-up.
 */
public final class BenchTable {
    private static final String[] KEYS = {"train_images_per_s", "train_images_per_s_steady", "seconds_per_epoch", "inference_images_per_s",
            "test_accuracy", "peak_rss_mib"};
    private static final String ROW = "%-8s %-9s %14s %14s %12s %14s %9s %10s%n";

    private final PrintWriter out;

    public BenchTable(PrintWriter out) {
        this.out = out;
        out.printf(ROW, "workload", "side", "train img/s", "steady img/s", "s/epoch", "infer img/s", "test acc", "RSS MiB");
        out.flush();
    }

    /** Prints jgrad's result, and the peer's and the ratios when {@code peer} is not null. */
    public void row(Map<String, Object> jgrad, Map<String, Object> peer) {
        print(jgrad, "jgrad");
        if (peer != null) {
            print(peer, "pytorch");
            Object[] cells = new Object[KEYS.length + 2];
            cells[0] = jgrad.get("workload");
            cells[1] = "ratio";
            for (int i = 0; i < KEYS.length; i++) {
                double a = number(jgrad, KEYS[i]), b = number(peer, KEYS[i]);
                if (Double.isNaN(a) || Double.isNaN(b)) cells[i + 2] = "-"; // a run too short for a steady rate
                else cells[i + 2] = KEYS[i].equals("test_accuracy") ? String.format("%+.3f", a - b) : String.format("%.2fx", a / b);
            }
            out.printf(ROW, cells);
        }
        out.flush();
    }

    private void print(Map<String, Object> r, String side) {
        Object[] cells = new Object[KEYS.length + 2];
        cells[0] = r.get("workload");
        cells[1] = side;
        for (int i = 0; i < KEYS.length; i++) cells[i + 2] = r.get(KEYS[i]) == null ? "-" : String.valueOf(r.get(KEYS[i]));
        out.printf(ROW, cells);
    }

    static double number(Map<String, Object> r, String key) {
        return r.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
