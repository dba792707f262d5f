import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Bar chart of jgrad / PyTorch ratios per workload (train and inference images/s) from the JSON
 * lines that {@code jgrad bench --peer pytorch --json FILE} writes; each workload's ratio is the
 * median over its alternating rounds. Usage: {@code java tools/bench/BenchChart.java OUT.png FILE...}
 */
public class BenchChart {
    static final String[] FIGURES = {"train_images_per_s", "inference_images_per_s"};
    static final Color[] COLORS = {new Color(0x3366cc), new Color(0xdd8833)};

    public static void main(String[] args) throws IOException {
        Map<String, List<double[]>> ratios = new LinkedHashMap<>(); // workload -> per round {train, inference}
        for (int f = 1; f < args.length; f++) {
            Map<String, Object> jgrad = null;
            for (String line : Files.readAllLines(Path.of(args[f]))) {
                if (line.isBlank()) continue;
                String peer = text(line, "peer"), workload = text(line, "workload");
                if (peer.equals("jgrad")) {
                    jgrad = Map.of("line", line);
                } else if (jgrad != null) {
                    String mine = (String) jgrad.get("line");
                    double[] r = new double[FIGURES.length];
                    for (int i = 0; i < r.length; i++) r[i] = number(mine, FIGURES[i]) / number(line, FIGURES[i]);
                    ratios.computeIfAbsent(workload, k -> new ArrayList<>()).add(r);
                    jgrad = null;
                }
            }
        }
        int w = 900, h = 500, left = 70, bottom = 60, top = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double max = 2;
        for (List<double[]> rs : ratios.values()) for (double[] r : rs) for (double v : r) max = Math.max(max, Math.ceil(v * 2) / 2);
        int plotH = h - top - bottom, plotW = w - left - 20;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        double step = Math.max(0.5, Math.ceil(max / 8 * 2) / 2);
        for (double t = 0; t <= max + 1e-9; t += step) {
            int y = top + plotH - (int) (t / max * plotH);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.1fx", t), 20, y + 5);
        }
        int parity = top + plotH - (int) (1 / max * plotH);
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(left, parity, left + plotW, parity);
        int groups = Math.max(1, ratios.size()), groupW = plotW / groups, barW = groupW / (FIGURES.length + 1);
        int gi = 0;
        for (var e : ratios.entrySet()) {
            int x0 = left + gi * groupW + barW / 2;
            for (int i = 0; i < FIGURES.length; i++) {
                double v = median(e.getValue(), i);
                int bh = (int) (v / max * plotH), x = x0 + i * barW;
                g.setColor(COLORS[i]);
                g.fillRect(x, top + plotH - bh, barW - 6, bh);
                g.setColor(Color.BLACK);
                g.drawString(String.format("%.2fx", v), x + 4, top + plotH - bh - 5);
            }
            g.drawString(e.getKey(), x0 + barW - 20, h - bottom + 25);
            gi++;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("jgrad / PyTorch (images/s, higher is better; red line = parity)", left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < FIGURES.length; i++) {
            g.setColor(COLORS[i]);
            g.fillRect(left + i * 200, h - 25, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(FIGURES[i].replace("_images_per_s", " images/s"), left + 20 + i * 200, h - 13);
        }
        ImageIO.write(img, "png", Path.of(args[0]).toFile());
    }

    static double median(List<double[]> rounds, int i) {
        double[] v = rounds.stream().mapToDouble(r -> r[i]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String text(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
