package dev.jgrad.cli.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Checks on the files an experiment wrote: PNGs decode, CSVs are rectangular tables of numbers and words. */
final class ExperimentFiles {
    private ExperimentFiles() {}

    /** Runs {@code experiment} quickly into {@code dir} and checks every file it names. */
    static Outcome runQuick(Experiment experiment, Path dir) throws IOException {
        Outcome outcome = experiment.run(dir, true, 0);
        assertThat(outcome.files()).isNotEmpty().allMatch(Files::isRegularFile);
        assertThat(outcome.files()).anyMatch(f -> f.toString().endsWith(".png")).anyMatch(f -> f.toString().endsWith(".csv"));
        for (Path f : outcome.files()) {
            if (f.toString().endsWith(".png")) checkPng(f);
            if (f.toString().endsWith(".csv")) checkCsv(f);
        }
        assertThat(outcome.conclusion()).isNotBlank();
        return outcome;
    }

    static void checkPng(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("PNG %s decodes", file).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(100);
        assertThat(image.getHeight()).isGreaterThan(100);
    }

    /** Every row has the header's number of cells; returns the rows without the header. */
    static List<String[]> checkCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).as("CSV %s has a header and rows", file).hasSizeGreaterThan(1);
        int columns = cells(lines.getFirst()).size();
        List<String[]> rows = lines.stream().skip(1).map(l -> cells(l).toArray(String[]::new)).toList();
        assertThat(rows).as("CSV %s rows", file).allMatch(r -> r.length == columns);
        return rows;
    }

    /** One CSV line's cells: commas split them except inside double quotes, where "" is a quote. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote in CSV line %s", line).isFalse();
        cells.add(cell.toString());
        return cells;
    }
}
