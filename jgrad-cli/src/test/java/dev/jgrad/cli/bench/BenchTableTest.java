package dev.jgrad.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    private static Map<String, Object> result(double train, Double steady, double seconds, double inference, double accuracy, double rss) {
        Map<String, Object> r = new HashMap<>();
        r.put("workload", "lenet");
        r.put("train_images_per_s", train);
        r.put("train_images_per_s_steady", steady);
        r.put("seconds_per_epoch", seconds);
        r.put("inference_images_per_s", inference);
        r.put("test_accuracy", accuracy);
        r.put("peak_rss_mib", rss);
        return r;
    }

    private static List<String> cells(String line) {
        return List.of(line.trim().split("\\s+"));
    }

    @Test
    void theRatioLineDividesEachFigureAndSubtractsTheAccuracies() {
        StringWriter text = new StringWriter();
        BenchTable table = new BenchTable(new PrintWriter(text));
        table.row(result(9000, 14000.0, 6.5, 70000, 0.8521, 430), result(9000, 7000.0, 6.5, 28000, 0.8421, 620));
        String[] lines = text.toString().split("\\R");

        assertThat(cells(lines[0])).containsExactly("workload", "side", "train", "img/s", "steady", "img/s", "s/epoch", "infer", "img/s",
                "test", "acc", "RSS", "MiB");
        assertThat(cells(lines[1])).containsExactly("lenet", "jgrad", "9000.0", "14000.0", "6.5", "70000.0", "0.8521", "430.0");
        assertThat(cells(lines[3])).containsExactly("lenet", "ratio", "1.00x", "2.00x", "1.00x", "2.50x", "+0.010", "0.69x");
    }

    @Test
    void aRunWithoutASteadyRateShowsADashRatherThanNaN() {
        StringWriter text = new StringWriter();
        BenchTable table = new BenchTable(new PrintWriter(text));
        table.row(result(9000, null, 6.5, 70000, 0.85, 430), result(9000, 7000.0, 6.5, 28000, 0.85, 620));
        String[] lines = text.toString().split("\\R");

        assertThat(cells(lines[1]).get(3)).isEqualTo("-");
        assertThat(cells(lines[3]).get(3)).isEqualTo("-");
        assertThat(text.toString()).doesNotContain("NaN");
    }
}
