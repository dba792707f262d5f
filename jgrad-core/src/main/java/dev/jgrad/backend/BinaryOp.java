package dev.jgrad.backend;

/** Elementwise functions of two arguments; comparisons produce booleans (1 or 0). */
public enum BinaryOp {
    ADD { public double apply(double a, double b) { return a + b; } public long applyLong(long a, long b) { return a + b; } },
    SUB { public double apply(double a, double b) { return a - b; } public long applyLong(long a, long b) { return a - b; } },
    MUL { public double apply(double a, double b) { return a * b; } public long applyLong(long a, long b) { return a * b; } },
    DIV { public double apply(double a, double b) { return a / b; } },
    POW { public double apply(double a, double b) { return Math.pow(a, b); } },
    MAXIMUM {
        public double apply(double a, double b) { return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b); }
        public long applyLong(long a, long b) { return Math.max(a, b); }
    },
    MINIMUM {
        public double apply(double a, double b) { return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b); }
        public long applyLong(long a, long b) { return Math.min(a, b); }
    },
    ATAN2 { public double apply(double a, double b) { return Math.atan2(a, b); } },
    /** Python-style remainder (sign of the divisor), like torch.remainder. */
    REMAINDER {
        public double apply(double a, double b) { double r = a % b; return r != 0 && (r < 0) != (b < 0) ? r + b : r; }
        public long applyLong(long a, long b) { return Math.floorMod(a, b); }
    },
    /** relu(a + b): a residual join and its activation in one pass. */
    ADD_RELU { public double apply(double a, double b) { return UnaryOp.RELU.apply(a + b, 0, 0); } },
    /** a where b &gt; 0, else 0: the ReLU gradient a given the ReLU output b. */
    RELU_MASK { public double apply(double a, double b) { return b > 0 ? a : 0; } },
    EQ { public double apply(double a, double b) { return a == b ? 1 : 0; } public long applyLong(long a, long b) { return a == b ? 1 : 0; } },
    NE { public double apply(double a, double b) { return a != b ? 1 : 0; } public long applyLong(long a, long b) { return a != b ? 1 : 0; } },
    LT { public double apply(double a, double b) { return a < b ? 1 : 0; } public long applyLong(long a, long b) { return a < b ? 1 : 0; } },
    LE { public double apply(double a, double b) { return a <= b ? 1 : 0; } public long applyLong(long a, long b) { return a <= b ? 1 : 0; } },
    GT { public double apply(double a, double b) { return a > b ? 1 : 0; } public long applyLong(long a, long b) { return a > b ? 1 : 0; } },
    GE { public double apply(double a, double b) { return a >= b ? 1 : 0; } public long applyLong(long a, long b) { return a >= b ? 1 : 0; } },
    LOGICAL_AND { public double apply(double a, double b) { return a != 0 && b != 0 ? 1 : 0; } },
    LOGICAL_OR { public double apply(double a, double b) { return a != 0 || b != 0 ? 1 : 0; } };

    public abstract double apply(double a, double b);

    /** Exact integer arithmetic where it differs from going through double. */
    public long applyLong(long a, long b) {
        return (long) apply(a, b);
    }

    public boolean isPredicate() {
        return ordinal() >= EQ.ordinal();
    }
}
