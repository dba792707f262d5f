package dev.jgrad.data.tabular;

import dev.jgrad.tensor.DType;

/**
 * How to read a numeric CSV file: whether the first line is a header, which column is the target
 * (by header name, or by index counting from 0, negative from the end), the delimiter, and the
 * target's dtype (INT64 class indices for classification, FLOAT32 for regression).
 *
 * <pre>{@code
 * CsvOptions.targetNamed("species");                              // header, ',', int64 target
 * CsvOptions.targetAt(-1).withoutHeader().withTargetDType(DType.FLOAT32);
 * }</pre>
 */
public record CsvOptions(boolean header, String targetName, int targetIndex, char delimiter, DType targetDType) {
    public CsvOptions {
        if (targetDType != DType.INT64 && targetDType != DType.FLOAT32 && targetDType != DType.FLOAT64) {
            throw new IllegalArgumentException("CsvOptions: target dtype must be int64, float32 or float64, got " + targetDType);
        }
        if (targetName != null && !header) {
            throw new IllegalArgumentException("CsvOptions: target column '" + targetName + "' is named but the file has no header");
        }
    }

    /** The column whose header is {@code name}; the file has a header line. */
    public static CsvOptions targetNamed(String name) {
        return new CsvOptions(true, name, 0, ',', DType.INT64);
    }

    /** The column at {@code index} (0-based; −1 = last); the file has a header line. */
    public static CsvOptions targetAt(int index) {
        return new CsvOptions(true, null, index, ',', DType.INT64);
    }

    public CsvOptions withoutHeader() {
        return new CsvOptions(false, targetName, targetIndex, delimiter, targetDType);
    }

    public CsvOptions withDelimiter(char separator) {
        return new CsvOptions(header, targetName, targetIndex, separator, targetDType);
    }

    public CsvOptions withTargetDType(DType dtype) {
        return new CsvOptions(header, targetName, targetIndex, delimiter, dtype);
    }
}
