package dev.jgrad.data.tabular;

import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A numeric CSV table: every column but the target becomes a float32 feature (inputs [N, F]), the
 * target column becomes targets [N]. Blank lines are skipped; cells may be quoted. A bad cell raises
 * {@link CorruptDataException} naming the file, line and column.
 *
 * <pre>{@code
 * CsvDataset iris = CsvDataset.read(Path.of("iris.csv"), CsvOptions.targetNamed("species"));
 * iris.featureNames();    // [sepal_length, sepal_width, petal_length, petal_width]
 * }</pre>
 */
public final class CsvDataset extends TensorDataset {
    private final List<String> featureNames;
    private final String targetName;

    private CsvDataset(TensorDataset data, List<String> featureNames, String targetName) {
        super(data.inputs(), data.targets());
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
    }

    /** Feature column names (header names, or {@code column1}, ... without a header), in input order. */
    public List<String> featureNames() {
        return featureNames;
    }

    public String targetName() {
        return targetName;
    }

    public static CsvDataset read(Path file, CsvOptions options) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String name = file.toString();
        Pattern splitter = Pattern.compile(Pattern.quote(String.valueOf(options.delimiter())));
        List<String> columns = null;
        int columnCount = -1, target = -1;
        List<double[]> features = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] cells = splitter.split(line, -1);
            int lineNumber = i + 1;
            if (columnCount < 0) {
                columnCount = cells.length;
                columns = options.header() ? headerNames(cells) : defaultNames(cells.length);
                target = targetColumn(name, columns, options);
                if (options.header()) continue;
            }
            if (cells.length != columnCount) {
                throw new CorruptDataException(name + ": line " + lineNumber + ": expected " + columnCount + " columns, found " + cells.length);
            }
            double[] row = new double[columnCount - 1];
            for (int c = 0, f = 0; c < columnCount; c++) {
                double v = parseCell(name, lineNumber, c, columns.get(c), cells[c]);
                if (c == target) {
                    if (options.targetDType() == DType.INT64 && (v != Math.rint(v) || Double.isInfinite(v))) {
                        throw new CorruptDataException(cellName(name, lineNumber, c, columns.get(c)) + ": target '" + cells[c].strip()
                                + "' is not an integer class index (use a float target dtype for regression)");
                    }
                    targets.add(v);
                } else {
                    row[f++] = v;
                }
            }
            features.add(row);
        }
        if (columns == null || features.isEmpty()) throw new CorruptDataException(name + ": no data rows");
        return new CsvDataset(toTensors(features, targets, options.targetDType()), withoutTarget(columns, target), columns.get(target));
    }

    private static TensorDataset toTensors(List<double[]> features, List<Double> targets, DType targetDType) {
        int n = features.size(), f = features.get(0).length;
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) x[i * f + j] = (float) features.get(i)[j];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = targets.get(i);
        return new TensorDataset(Tensors.fromArray(x, n, f), Tensors.fromArray(y, n).to(targetDType));
    }

    private static int targetColumn(String file, List<String> columns, CsvOptions options) {
        if (columns.size() < 2) throw new CorruptDataException(file + ": expected at least 2 columns (features and a target), found " + columns.size());
        if (options.targetName() != null) {
            int at = columns.indexOf(options.targetName());
            if (at < 0) throw new CorruptDataException(file + ": no column named '" + options.targetName() + "' in header " + columns);
            return at;
        }
        int at = options.targetIndex() < 0 ? options.targetIndex() + columns.size() : options.targetIndex();
        if (at < 0 || at >= columns.size()) {
            throw new IllegalArgumentException("CsvDataset: target column index " + options.targetIndex() + " is out of range for "
                    + columns.size() + " columns in " + file);
        }
        return at;
    }

    private static double parseCell(String file, int line, int column, String columnName, String cell) {
        String text = unquote(cell.strip());
        try {
            if (text.isEmpty()) throw new NumberFormatException();
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CorruptDataException(cellName(file, line, column, columnName) + ": cannot parse '" + cell.strip() + "' as a number");
        }
    }

    private static String cellName(String file, int line, int column, String columnName) {
        return file + ": line " + line + ", column " + (column + 1) + " (" + columnName + ")";
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).strip() : s;
    }

    private static List<String> headerNames(String[] cells) {
        List<String> names = new ArrayList<>();
        for (String c : cells) names.add(unquote(c.strip()));
        return names;
    }

    private static List<String> defaultNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) names.add("column" + i);
        return names;
    }

    private static List<String> withoutTarget(List<String> columns, int target) {
        List<String> names = new ArrayList<>(columns);
        names.remove(target);
        return names;
    }
}
