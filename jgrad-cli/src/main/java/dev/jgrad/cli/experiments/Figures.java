package dev.jgrad.cli.experiments;

import dev.jgrad.cli.Plots;
import dev.jgrad.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** An experiment's figure: several {@link Plots} charts, or titled grey-scale images, side by side in one PNG. */
final class Figures {
    static final int PANEL_WIDTH = 560;
    static final int PANEL_HEIGHT = 400;

    private Figures() {}

    /** A panel-sized line chart. */
    static XYChart panel(String title, String x, String y) {
        return Plots.chart(title, x, y, PANEL_WIDTH, PANEL_HEIGHT);
    }

    /** The charts in rows of {@code columns}, written as one PNG. */
    static void panels(Path file, List<XYChart> charts, int columns) throws IOException {
        List<BufferedImage> images = charts.stream().map(BitmapEncoder::getBufferedImage).toList();
        grid(file, images, columns);
    }

    /**
     * A row-major h×w array as a grey-scale image scaled to fit {@code size}×{@code size} pixels
     * (nearest neighbour, aspect kept) under a title; black is the minimum value, white the maximum.
     */
    static BufferedImage image(String title, float[] values, int h, int w, int size) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max > min ? max - min : 1;
        double scale = (double) size / Math.max(h, w);
        int header = 22;
        BufferedImage out = new BufferedImage(size + 8, size + header + 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.drawString(title, 4, 15);
        for (int y = 0; y < (int) (h * scale); y++) {
            for (int x = 0; x < (int) (w * scale); x++) {
                int grey = Math.round(255 * (values[(int) (y / scale) * w + (int) (x / scale)] - min) / range);
                out.setRGB(4 + x, header + y, grey * 0x010101);
            }
        }
        g.dispose();
        return out;
    }

    /** Images of equal size in rows of {@code columns} on white, written as one PNG. */
    static void grid(Path file, List<BufferedImage> images, int columns) throws IOException {
        int w = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int h = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(w * Math.min(columns, images.size()), h * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < images.size(); i++) g.drawImage(images.get(i), (i % columns) * w, (i / columns) * h, null);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(sheet, "png", png);
        AtomicFiles.write(file, png.toByteArray());
    }
}
