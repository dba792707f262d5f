package dev.jgrad.cli;

import dev.jgrad.train.ClassificationMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text shared by {@code train} and {@code eval}: the accuracy line, per-class accuracy, the confusion matrix. */
final class Reports {
    private Reports() {}

    /** e.g. {@code held-out accuracy: 98.15% (1963/2000), loss 0.0612, top-5 99.95%}. */
    static String accuracyLine(String what, ClassificationMetrics m) {
        Map<String, Double> values = m.compute();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s accuracy: %.2f%% (%d/%d), loss %.4f", what, 100 * m.accuracy(),
                m.correct(), m.count(), values.get("loss")));
        values.forEach((k, v) -> {
            if (k.startsWith("top")) s.append(String.format(Locale.ROOT, ", top-%s %.2f%%", k.substring(3, k.indexOf('_')), 100 * v));
        });
        return s.toString();
    }

    static String perClass(ClassificationMetrics m, List<String> classes) {
        double[] acc = m.perClassAccuracy();
        long[][] confusion = m.confusionMatrix();
        StringBuilder s = new StringBuilder("per-class accuracy:\n");
        for (int k = 0; k < acc.length; k++) {
            long total = 0;
            for (long v : confusion[k]) total += v;
            s.append(String.format(Locale.ROOT, "  %-12s %6.2f%%  (%d samples)%n", classes.get(k), 100 * acc[k], total));
        }
        s.append("confusion matrix (rows: true class, columns: predicted):\n");
        for (long[] row : confusion) {
            s.append(' ');
            for (long v : row) s.append(String.format(Locale.ROOT, " %5d", v));
            s.append('\n');
        }
        return s.toString();
    }
}
