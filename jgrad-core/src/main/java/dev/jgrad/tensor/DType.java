package dev.jgrad.tensor;

/** Element types, named as in PyTorch. Promotion order: BOOL < INT64 < FLOAT32 < FLOAT64. */
public enum DType {
    BOOL("bool", 1),
    INT64("int64", 8),
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String torchName;
    private final int itemSize;

    DType(String torchName, int itemSize) {
        this.torchName = torchName;
        this.itemSize = itemSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public int itemSize() {
        return itemSize;
    }

    /** The result type of a binary op between tensors of these types (PyTorch's type promotion). */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** PyTorch's spelling: {@code float32}, {@code int64}, ... */
    @Override
    public String toString() {
        return torchName;
    }

    public static DType fromName(String name) {
        for (DType t : values()) {
            if (t.torchName.equals(name)) return t;
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "' (expected bool, int64, float32 or float64)");
    }
}
