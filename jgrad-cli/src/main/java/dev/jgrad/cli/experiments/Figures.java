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

/** An experiment's figure: several {@link Plots} charts side by side in one PNG. */
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
