package dev.jgrad.cli.experiments;

import dev.jgrad.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A CSV table built row by row: a header line, then values (doubles in shortest round-trip form). */
final class Table {
    private final List<String> columns;
    private final StringBuilder text = new StringBuilder();

    Table(String... columns) {
        this.columns = List.of(columns);
        text.append(String.join(",", columns)).append('\n');
    }

    Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("Table: row has " + values.length + " values for " + columns.size() + " columns " + columns);
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) text.append(',');
            text.append(cell(values[i]));
        }
        text.append('\n');
        return this;
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String cell(Object v) {
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
