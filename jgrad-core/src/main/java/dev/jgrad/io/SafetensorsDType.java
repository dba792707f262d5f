package dev.jgrad.io;

import dev.jgrad.tensor.DType;

/**
 * The element types of the safetensors format that jgrad reads. The order is the format's own
 * (increasing alignment); files list tensors by descending order here, then by name.
 * Half floats load as float32 and small integers as int64; unsigned 16/32/64-bit and 8-bit floats
 * are not supported.
 */
enum SafetensorsDType {
    BOOL(1, DType.BOOL),
    U8(1, DType.INT64),
    I8(1, DType.INT64),
    I16(2, DType.INT64),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    I32(4, DType.INT64),
    F32(4, DType.FLOAT32),
    F64(8, DType.FLOAT64),
    I64(8, DType.INT64);

    final int size;
    /** The jgrad dtype a tensor of this type loads as. */
    final DType loadsAs;

    SafetensorsDType(int size, DType loadsAs) {
        this.size = size;
        this.loadsAs = loadsAs;
    }

    /** Position in the safetensors library's {@code Dtype} enum, which fixes the order of tensors in a file. */
    int formatRank() {
        return switch (this) {
            case BOOL -> 0;
            case U8 -> 1;
            case I8 -> 2;
            case I16 -> 5;
            case F16 -> 7;
            case BF16 -> 8;
            case I32 -> 9;
            case F32 -> 11;
            case F64 -> 12;
            case I64 -> 13;
        };
    }

    /** The type a jgrad tensor is written as. */
    static SafetensorsDType of(DType dtype) {
        return switch (dtype) {
            case BOOL -> BOOL;
            case INT64 -> I64;
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
        };
    }

    /** The type named in a header, or null if jgrad does not know it. */
    static SafetensorsDType parse(String name) {
        for (SafetensorsDType t : values()) if (t.name().equals(name)) return t;
        return null;
    }
}
