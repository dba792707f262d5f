package dev.jgrad.backend;

/**
 * Elementwise functions of one argument. {@code p} and {@code q} carry an op's parameters
 * (exponent, clamp bounds, slope); ops without parameters ignore them.
 */
public enum UnaryOp {
    NEG { public double apply(double x, double p, double q) { return -x; } },
    EXP { public double apply(double x, double p, double q) { return Math.exp(x); } },
    LOG { public double apply(double x, double p, double q) { return Math.log(x); } },
    LOG1P { public double apply(double x, double p, double q) { return Math.log1p(x); } },
    EXPM1 { public double apply(double x, double p, double q) { return Math.expm1(x); } },
    SQRT { public double apply(double x, double p, double q) { return Math.sqrt(x); } },
    RSQRT { public double apply(double x, double p, double q) { return 1 / Math.sqrt(x); } },
    ABS { public double apply(double x, double p, double q) { return Math.abs(x); } },
    SIGN { public double apply(double x, double p, double q) { return Double.isNaN(x) ? x : Math.signum(x); } },
    SIN { public double apply(double x, double p, double q) { return Math.sin(x); } },
    COS { public double apply(double x, double p, double q) { return Math.cos(x); } },
    TANH { public double apply(double x, double p, double q) { return Math.tanh(x); } },
    SIGMOID { public double apply(double x, double p, double q) { return 1 / (1 + Math.exp(-x)); } },
    RELU { public double apply(double x, double p, double q) { return x > 0 ? x : (Double.isNaN(x) ? x : 0); } },
    RECIPROCAL { public double apply(double x, double p, double q) { return 1 / x; } },
    ERF { public double apply(double x, double p, double q) { return SpecialFunctions.erf(x); } },
    FLOOR { public double apply(double x, double p, double q) { return Math.floor(x); } },
    CEIL { public double apply(double x, double p, double q) { return Math.ceil(x); } },
    /** Round half to even, like PyTorch. */
    ROUND { public double apply(double x, double p, double q) { return Math.rint(x); } },
    TRUNC { public double apply(double x, double p, double q) { return x < 0 ? Math.ceil(x) : Math.floor(x); } },
    LOGICAL_NOT { public double apply(double x, double p, double q) { return x == 0 ? 1 : 0; } },
    /** x^p for a scalar exponent p. */
    POW_SCALAR { public double apply(double x, double p, double q) { return p == 2 ? x * x : Math.pow(x, p); } },
    /** p^x for a scalar base p. */
    SCALAR_POW { public double apply(double x, double p, double q) { return Math.pow(p, x); } },
    /** clamp to [p, q]; NaN bounds mean "no bound". */
    CLAMP {
        public double apply(double x, double p, double q) {
            if (Double.isNaN(x)) return x;
            if (!Double.isNaN(p) && x < p) x = p;
            if (!Double.isNaN(q) && x > q) x = q;
            return x;
        }
    },
    /** 1 where p &lt;= x &lt;= q else 0 (the clamp gradient mask). */
    IN_RANGE {
        public double apply(double x, double p, double q) {
            return (Double.isNaN(p) || x >= p) && (Double.isNaN(q) || x <= q) ? 1 : 0;
        }
    },
    /** x + p*... scalar affine: p*x + q, used for scalar arithmetic without broadcasting a 0-d tensor. */
    AFFINE { public double apply(double x, double p, double q) { return p * x + q; } },
    /** max(x, 0) + p * min(x, 0). */
    LEAKY_RELU { public double apply(double x, double p, double q) { return x > 0 ? x : x * p; } };

    public abstract double apply(double x, double p, double q);

    /** Ops whose result is always boolean. */
    public boolean isPredicate() {
        return this == LOGICAL_NOT;
    }
}
