package dev.jgrad.data.io;

/**
 * A data file is malformed (bad magic number, truncated, inconsistent with its partner file, ...).
 * The message always starts with the file's name, then describes the fault.
 */
public class CorruptDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptDataException(String message) {
        super(message);
    }

    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
