package dev.jgrad.tensor;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.backend.Backend;
import dev.jgrad.backend.Backends;
import dev.jgrad.backend.BinaryOp;
import dev.jgrad.backend.ReduceOp;
import dev.jgrad.backend.Strided;
import dev.jgrad.backend.UnaryOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.jgrad.autograd.Node.grads;
import static dev.jgrad.autograd.Node.inputs;
import static dev.jgrad.autograd.Node.saved;

/**
 * An n-dimensional array with PyTorch's semantics: a strided view of a {@link Storage}, with
 * optional autograd metadata. Operations return new tensors (views where PyTorch returns views);
 * methods ending in {@code _} work in place.
 *
 * <pre>{@code
 * var x = Tensors.tensor(new double[] {1, 2, 3}).requiresGrad_(true);
 * var y = x.mul(x).sum();
 * y.backward();
 * x.grad();   // tensor([2., 4., 6.])
 * }</pre>
 *
 * Every differentiable op records its backward rule next to its forward through
 * {@link Node#record}; the rules are written with tensor ops so higher derivatives work.
 */
public final class Tensor {
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;
    /** The tensor this one is a view of, or null. */
    private final Tensor base;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private List<UnaryOperator<Tensor>> leafHooks;

    Tensor(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.base = base == null ? null : (base.base != null ? base.base : base);
    }

    /** A contiguous tensor over the whole of {@code storage}, shaped {@code shape}. */
    public static Tensor of(Storage storage, int... shape) {
        if (Shape.numel(shape) != storage.size()) {
            throw new IllegalArgumentException("storage of " + storage.size() + " elements cannot have shape " + Shape.str(shape));
        }
        return new Tensor(storage, shape.clone(), Shape.contiguousStrides(shape), 0, null);
    }

    /** A new contiguous tensor whose elements are undefined: every caller writes all of them. */
    static Tensor empty(DType dtype, int[] shape) {
        return new Tensor(Storage.allocateForOverwrite(dtype, Shape.numel(shape)), shape.clone(), Shape.contiguousStrides(shape), 0, null);
    }

    // ================================================================ metadata

    public int[] shape() {
        return shape.clone();
    }

    /** The size of one dim; negative dims count from the end. */
    public int size(int dim) {
        return shape[Shape.wrapDim("size", dim, shape.length)];
    }

    public int[] stride() {
        return strides.clone();
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shape.numel(shape);
    }

    public DType dtype() {
        return storage.dtype();
    }

    public String device() {
        return "cpu";
    }

    public int storageOffset() {
        return offset;
    }

    /** The kernel-facing description of this tensor (no copy). */
    public Strided strided() {
        return new Strided(storage, offset, shape, strides);
    }

    public Storage storage() {
        return storage;
    }

    public boolean isContiguous() {
        return strided().isContiguous();
    }

    /** The version counter of the storage: bumped by every in-place change. */
    public int version() {
        return storage.version();
    }

    /** {@code [float32 [2, 3]]}: how errors name a tensor. */
    public String describe() {
        return "[" + dtype() + " " + Shape.str(shape) + "]";
    }

    private Backend backend() {
        return Backends.forDevice(device());
    }

    // ================================================================ autograd metadata

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as needing gradients (PyTorch's {@code requires_grad_}). */
    public Tensor requiresGrad_(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad_: you can only change requires_grad flags of leaf tensors; "
                    + "use detach() to get a tensor that does not require grad");
        }
        if (value && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad_: only floating point tensors can require gradients, got " + dtype());
        }
        requiresGrad = value;
        return this;
    }

    public Tensor requiresGrad_() {
        return requiresGrad_(true);
    }

    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor grad) {
        if (grad != null && !Arrays.equals(grad.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + Shape.str(grad.shape)
                    + " does not match tensor of shape " + Shape.str(shape));
        }
        this.grad = grad;
    }

    public Node gradFn() {
        return gradFn;
    }

    /** Used by {@link Node#record}: makes this the output of a recorded op. */
    public void setGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Keeps {@code .grad} for this non-leaf tensor during backward. */
    public Tensor retainGrad() {
        if (!requiresGrad) throw new IllegalStateException("retainGrad: can't retain grad on a tensor that does not require grad");
        if (gradFn != null) Autograd.retainGrad(gradFn, this);
        return this;
    }

    /**
     * Registers a hook called with this tensor's gradient during backward; a non-null return value
     * replaces the gradient.
     */
    public Tensor registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) throw new IllegalStateException("registerHook: cannot register a hook on a tensor that doesn't require gradient");
        if (gradFn != null) {
            gradFn.addHook(hook);
        } else {
            if (leafHooks == null) leafHooks = new ArrayList<>();
            leafHooks.add(hook);
        }
        return this;
    }

    /** Whether hooks are registered on this leaf. */
    public boolean hasGradHooks() {
        return leafHooks != null;
    }

    /** Applies leaf hooks to an incoming gradient (called by the engine). */
    public Tensor runGradHooks(Tensor g) {
        if (leafHooks != null) {
            for (UnaryOperator<Tensor> h : leafHooks) {
                Tensor r = h.apply(g);
                if (r != null) g = r;
            }
        }
        return g;
    }

    /** A tensor sharing this one's data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset, this);
    }

    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs, got shape "
                    + Shape.str(shape) + "; pass a gradient of the same shape");
        }
        backward(Tensors.onesLike(this), false, false);
    }

    public void backward(Tensor gradient) {
        backward(gradient, false, false);
    }

    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward: gradient of shape " + Shape.str(gradient.shape)
                    + " does not match output of shape " + Shape.str(shape));
        }
        Autograd.backward(new Tensor[] {this}, new Tensor[] {gradient}, retainGraph, createGraph);
    }

    // ================================================================ element access

    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a tensor with " + numel() + " elements cannot be converted to a scalar");
        }
        return storage.getDouble(offset);
    }

    public long itemLong() {
        if (numel() != 1) {
            throw new IllegalStateException("itemLong: a tensor with " + numel() + " elements cannot be converted to a scalar");
        }
        return storage.getLong(offset);
    }

    /** The element at the given index (one coordinate per dim). */
    public double getDouble(int... index) {
        return storage.getDouble(flatOffset("getDouble", index));
    }

    public long getLong(int... index) {
        return storage.getLong(flatOffset("getLong", index));
    }

    private int flatOffset(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected " + shape.length + " indices for shape " + Shape.str(shape) + ", got " + index.length);
        }
        int o = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[d] + " is out of bounds for dim " + d + " with size " + shape[d]);
            }
            o += i * strides[d];
        }
        return o;
    }

    public float[] toFloatArray() {
        return ((Storage.F32) contiguous().to(DType.FLOAT32).storageCopy()).data;
    }

    public double[] toDoubleArray() {
        return ((Storage.F64) contiguous().to(DType.FLOAT64).storageCopy()).data;
    }

    public long[] toLongArray() {
        // Class targets and gather indices come through here every step: one array copy, which C2
        // compiles small, rather than the general conversion path inlined into every caller.
        if (storage instanceof Storage.I64 s && isContiguous()) return Arrays.copyOfRange(s.data, offset, offset + numel());
        return ((Storage.I64) contiguous().to(DType.INT64).storageCopy()).data;
    }

    public boolean[] toBooleanArray() {
        return ((Storage.Bool) contiguous().to(DType.BOOL).storageCopy()).data;
    }

    /** A fresh contiguous storage holding exactly this tensor's elements. */
    private Storage storageCopy() {
        Tensor c = empty(dtype(), shape);
        backend().copy(strided(), c.strided());
        BufferPool.escape(c.storage); // its array is handed out
        return c.storage;
    }

    // ================================================================ elementwise helpers

    private Tensor unary(UnaryOp op, double p, double q, DType outType) {
        Tensor out = empty(outType, shape);
        backend().unary(op, p, q, strided(), out.storage);
        return out;
    }

    private Tensor unary(UnaryOp op, double p, double q) {
        return unary(op, p, q, dtype());
    }

    private Tensor floatingUnary(String name, UnaryOp op) {
        return unary(op, 0, 0, dtype().isFloatingPoint() ? dtype() : DType.FLOAT32);
    }

    /** Strides that read this tensor as if it had the (broadcast) target shape. */
    int[] broadcastStrides(int[] target) {
        int[] s = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) s[lead + i] = shape[i] == 1 ? 0 : strides[i];
        return s;
    }

    private Strided broadcastTo(int[] target) {
        return new Strided(storage, offset, target, broadcastStrides(target));
    }

    private Tensor binary(String name, BinaryOp op, Tensor other) {
        int[] outShape = Shape.broadcast(name, shape, other.shape);
        DType t = DType.promote(dtype(), other.dtype());
        if (op == BinaryOp.DIV || op == BinaryOp.POW || op == BinaryOp.ATAN2) {
            if (!t.isFloatingPoint()) t = DType.FLOAT32;
        }
        Tensor out = empty(op.isPredicate() ? DType.BOOL : t, outShape);
        Tensor a = this, b = other;
        if (!op.isPredicate() && t.isFloatingPoint()) {
            a = a.dtype() == t ? a : a.to(t);
            b = b.dtype() == t ? b : b.to(t);
        }
        backend().binary(op, a.broadcastTo(outShape), b.broadcastTo(outShape), out.storage, outShape);
        return out;
    }

    /** A 0-d tensor of this tensor's dtype (scalars never promote a tensor, like PyTorch). */
    private Tensor scalar(double v) {
        DType t = dtype() == DType.BOOL ? DType.FLOAT32 : dtype();
        if (t == DType.INT64 && v != Math.rint(v)) t = DType.FLOAT32;
        return Tensors.full(new int[0], v, t);
    }

    // ================================================================ arithmetic

    public Tensor add(Tensor other) {
        Tensor out = binary("add", BinaryOp.ADD, other);
        return Node.record("add", out, inputs(this, other), saved(), (g, s) -> grads(g, g));
    }

    /** this + alpha * other. */
    public Tensor add(Tensor other, double alpha) {
        return alpha == 1 ? add(other) : add(other.mul(alpha));
    }

    public Tensor add(double value) {
        if (!dtype().isFloatingPoint()) return add(scalar(value));
        Tensor out = unary(UnaryOp.AFFINE, 1, value);
        return Node.record("add", out, inputs(this), saved(), (g, s) -> grads(g));
    }

    public Tensor sub(Tensor other) {
        Tensor out = binary("sub", BinaryOp.SUB, other);
        return Node.record("sub", out, inputs(this, other), saved(), (g, s) -> grads(g, g.neg()));
    }

    public Tensor sub(Tensor other, double alpha) {
        return alpha == 1 ? sub(other) : sub(other.mul(alpha));
    }

    public Tensor sub(double value) {
        return add(-value);
    }

    /** value - this (PyTorch's {@code rsub}). */
    public Tensor rsub(double value) {
        return neg().add(value);
    }

    public Tensor mul(Tensor other) {
        Tensor out = binary("mul", BinaryOp.MUL, other);
        return Node.record("mul", out, inputs(this, other), saved(this, other),
                (g, s) -> grads(g.mul(s[1]), g.mul(s[0])));
    }

    public Tensor mul(double value) {
        if (!dtype().isFloatingPoint()) return mul(scalar(value));
        Tensor out = unary(UnaryOp.AFFINE, value, 0);
        return Node.record("mul", out, inputs(this), saved(), (g, s) -> grads(g.mul(value)));
    }

    public Tensor div(Tensor other) {
        Tensor out = binary("div", BinaryOp.DIV, other);
        return Node.record("div", out, inputs(this, other), saved(this, other),
                (g, s) -> grads(g.div(s[1]), g.neg().mul(s[0]).div(s[1].mul(s[1]))));
    }

    public Tensor div(double value) {
        return div(scalar(value).to(dtype().isFloatingPoint() ? dtype() : DType.FLOAT32));
    }

    public Tensor neg() {
        Tensor out = unary(UnaryOp.NEG, 0, 0);
        return Node.record("neg", out, inputs(this), saved(), (g, s) -> grads(g.neg()));
    }

    public Tensor pow(double exponent) {
        Tensor out = unary(UnaryOp.POW_SCALAR, exponent, 0, dtype().isFloatingPoint() ? dtype() : DType.FLOAT32);
        return Node.record("pow", out, inputs(this), saved(this), (g, s) -> grads(
                exponent == 0 ? g.mul(0.0) : g.mul(s[0].pow(exponent - 1).mul(exponent))));
    }

    public Tensor pow(Tensor exponent) {
        Tensor out = binary("pow", BinaryOp.POW, exponent);
        return Node.record("pow", out, inputs(this, exponent), saved(this, exponent, out), (g, s) -> {
            Tensor base = s[0], e = s[1], result = s[2];
            Tensor gBase = g.mul(e).mul(base.pow(e.sub(1.0)));
            // d/de base^e = base^e * log(base); defined as 0 where base == 0 and e >= 0, like PyTorch.
            Tensor logBase = Tensors.where(base.eq(0.0).logicalAnd(e.ge(0.0)), Tensors.zerosLike(base), base.log());
            return grads(gBase, g.mul(result).mul(logBase));
        });
    }

    /** value^this for a scalar base. */
    public Tensor rpow(double base) {
        Tensor out = unary(UnaryOp.SCALAR_POW, base, 0, dtype().isFloatingPoint() ? dtype() : DType.FLOAT32);
        return Node.record("pow", out, inputs(this), saved(out), (g, s) -> grads(g.mul(s[0]).mul(Math.log(base))));
    }

    public Tensor square() {
        return mul(this);
    }

    public Tensor exp() {
        Tensor out = floatingUnary("exp", UnaryOp.EXP);
        return Node.record("exp", out, inputs(this), saved(out), (g, s) -> grads(g.mul(s[0])));
    }

    public Tensor log() {
        Tensor out = floatingUnary("log", UnaryOp.LOG);
        return Node.record("log", out, inputs(this), saved(this), (g, s) -> grads(g.div(s[0])));
    }

    public Tensor log1p() {
        Tensor out = floatingUnary("log1p", UnaryOp.LOG1P);
        return Node.record("log1p", out, inputs(this), saved(this), (g, s) -> grads(g.div(s[0].add(1.0))));
    }

    public Tensor expm1() {
        Tensor out = floatingUnary("expm1", UnaryOp.EXPM1);
        return Node.record("expm1", out, inputs(this), saved(out), (g, s) -> grads(g.mul(s[0].add(1.0))));
    }

    public Tensor sqrt() {
        Tensor out = floatingUnary("sqrt", UnaryOp.SQRT);
        return Node.record("sqrt", out, inputs(this), saved(out), (g, s) -> grads(g.div(s[0].mul(2.0))));
    }

    public Tensor rsqrt() {
        Tensor out = floatingUnary("rsqrt", UnaryOp.RSQRT);
        return Node.record("rsqrt", out, inputs(this), saved(out), (g, s) -> grads(g.mul(s[0].pow(3.0)).mul(-0.5)));
    }

    public Tensor reciprocal() {
        Tensor out = floatingUnary("reciprocal", UnaryOp.RECIPROCAL);
        return Node.record("reciprocal", out, inputs(this), saved(out), (g, s) -> grads(g.mul(s[0].mul(s[0])).neg()));
    }

    public Tensor abs() {
        Tensor out = unary(UnaryOp.ABS, 0, 0);
        return Node.record("abs", out, inputs(this), saved(this), (g, s) -> grads(g.mul(s[0].sign())));
    }

    /** -1, 0 or 1; its gradient is zero (like PyTorch, the output still joins the graph). */
    public Tensor sign() {
        return zeroGradient("sign", unary(UnaryOp.SIGN, 0, 0));
    }

    /** Records a piecewise-constant op: the gradient is zero wherever it is defined. */
    private Tensor zeroGradient(String name, Tensor out) {
        return Node.record(name, out, inputs(this), saved(), (g, s) -> grads(Tensors.zerosLike(g)));
    }

    public Tensor sin() {
        Tensor out = floatingUnary("sin", UnaryOp.SIN);
        return Node.record("sin", out, inputs(this), saved(this), (g, s) -> grads(g.mul(s[0].cos())));
    }

    public Tensor cos() {
        Tensor out = floatingUnary("cos", UnaryOp.COS);
        return Node.record("cos", out, inputs(this), saved(this), (g, s) -> grads(g.mul(s[0].sin()).neg()));
    }

    public Tensor tanh() {
        Tensor out = floatingUnary("tanh", UnaryOp.TANH);
        return Node.record("tanh", out, inputs(this), saved(out), (g, s) -> grads(g.mul(s[0].mul(s[0]).rsub(1.0))));
    }

    public Tensor sigmoid() {
        Tensor out = floatingUnary("sigmoid", UnaryOp.SIGMOID);
        return Node.record("sigmoid", out, inputs(this), saved(out), (g, s) -> grads(g.mul(s[0].mul(s[0].rsub(1.0)))));
    }

    public Tensor relu() {
        Tensor out = unary(UnaryOp.RELU, 0, 0);
        return Node.record("relu", out, inputs(this), saved(out), (g, s) -> grads(reluBackward(g, s[0])));
    }

    /**
     * relu(this + other) (broadcasting) in one pass, without the intermediate sum: the join of a
     * residual block. Both inputs get the ReLU-masked gradient.
     */
    public Tensor addRelu(Tensor other) {
        Tensor out = binary("add_relu", BinaryOp.ADD_RELU, other);
        return Node.record("add_relu", out, inputs(this, other), saved(out), (g, s) -> {
            Tensor masked = reluBackward(g, s[0]);
            return grads(masked, masked);
        });
    }

    /**
     * The gradient g of a ReLU with output out: g where out &gt; 0, else 0 (so also where out is
     * NaN), like PyTorch's threshold_backward; differentiable in g while grad mode records. For
     * the backward of ops with a fused ReLU.
     */
    public static Tensor reluBackward(Tensor g, Tensor out) {
        return GradMode.isEnabled() // a recorded backward needs differentiable ops
                ? Tensors.where(out.gt(0.0), g, Tensors.zerosLike(g))
                : g.binary("relu_backward", BinaryOp.RELU_MASK, out);
    }

    /** max(0, x) + slope * min(0, x). */
    public Tensor leakyRelu(double negativeSlope) {
        Tensor out = unary(UnaryOp.LEAKY_RELU, negativeSlope, 0);
        return Node.record("leaky_relu", out, inputs(this), saved(this),
                (g, s) -> grads(Tensors.where(s[0].gt(0.0), g, g.mul(negativeSlope))));
    }

    public Tensor erf() {
        Tensor out = floatingUnary("erf", UnaryOp.ERF);
        return Node.record("erf", out, inputs(this), saved(this),
                (g, s) -> grads(g.mul(s[0].square().neg().exp().mul(2 / Math.sqrt(Math.PI)))));
    }

    public Tensor floor() {
        return zeroGradient("floor", unary(UnaryOp.FLOOR, 0, 0));
    }

    public Tensor ceil() {
        return zeroGradient("ceil", unary(UnaryOp.CEIL, 0, 0));
    }

    /** Rounds half to even, like PyTorch. */
    public Tensor round() {
        return zeroGradient("round", unary(UnaryOp.ROUND, 0, 0));
    }

    public Tensor trunc() {
        return zeroGradient("trunc", unary(UnaryOp.TRUNC, 0, 0));
    }

    /** Clamps to [min, max]; pass NaN for a missing bound. Gradient flows where min <= x <= max. */
    public Tensor clamp(double min, double max) {
        Tensor out = unary(UnaryOp.CLAMP, min, max);
        return Node.record("clamp", out, inputs(this), saved(this),
                (g, s) -> grads(Tensors.where(s[0].unary(UnaryOp.IN_RANGE, min, max, DType.BOOL), g, Tensors.zerosLike(g))));
    }

    public Tensor clampMin(double min) {
        return clamp(min, Double.NaN);
    }

    public Tensor clampMax(double max) {
        return clamp(Double.NaN, max);
    }

    /** Elementwise maximum; at ties the gradient is split evenly, like PyTorch. */
    public Tensor maximum(Tensor other) {
        Tensor out = binary("maximum", BinaryOp.MAXIMUM, other);
        return Node.record("maximum", out, inputs(this, other), saved(this, other), (g, s) -> minMaxGrads(g, s[0], s[1], true));
    }

    public Tensor minimum(Tensor other) {
        Tensor out = binary("minimum", BinaryOp.MINIMUM, other);
        return Node.record("minimum", out, inputs(this, other), saved(this, other), (g, s) -> minMaxGrads(g, s[0], s[1], false));
    }

    private static Tensor[] minMaxGrads(Tensor g, Tensor a, Tensor b, boolean max) {
        Tensor half = Tensors.where(a.eq(b), g.mul(0.5), g);
        Tensor zero = Tensors.zerosLike(g);
        Tensor aWins = max ? a.gt(b) : a.lt(b);
        Tensor bWins = max ? b.gt(a) : b.lt(a);
        return grads(Tensors.where(bWins, zero, half), Tensors.where(aWins, zero, half));
    }

    public Tensor atan2(Tensor other) {
        Tensor out = binary("atan2", BinaryOp.ATAN2, other);
        return Node.record("atan2", out, inputs(this, other), saved(this, other), (g, s) -> {
            Tensor denom = s[0].square().add(s[1].square());
            return grads(g.mul(s[1]).div(denom), g.mul(s[0]).neg().div(denom));
        });
    }

    /** Python-style remainder (takes the sign of the divisor); no gradient to the divisor. */
    public Tensor remainder(double divisor) {
        Tensor out = binary("remainder", BinaryOp.REMAINDER, scalar(divisor));
        return Node.record("remainder", out, inputs(this), saved(), (g, s) -> grads(g));
    }

    // ================================================================ comparisons and logic (no gradients)

    public Tensor eq(Tensor other) { return binary("eq", BinaryOp.EQ, other); }
    public Tensor ne(Tensor other) { return binary("ne", BinaryOp.NE, other); }
    public Tensor lt(Tensor other) { return binary("lt", BinaryOp.LT, other); }
    public Tensor le(Tensor other) { return binary("le", BinaryOp.LE, other); }
    public Tensor gt(Tensor other) { return binary("gt", BinaryOp.GT, other); }
    public Tensor ge(Tensor other) { return binary("ge", BinaryOp.GE, other); }
    public Tensor eq(double v) { return eq(scalar(v)); }
    public Tensor ne(double v) { return ne(scalar(v)); }
    public Tensor lt(double v) { return lt(scalar(v)); }
    public Tensor le(double v) { return le(scalar(v)); }
    public Tensor gt(double v) { return gt(scalar(v)); }
    public Tensor ge(double v) { return ge(scalar(v)); }
    public Tensor logicalAnd(Tensor other) { return binary("logical_and", BinaryOp.LOGICAL_AND, other); }
    public Tensor logicalOr(Tensor other) { return binary("logical_or", BinaryOp.LOGICAL_OR, other); }

    public Tensor logicalNot() {
        return unary(UnaryOp.LOGICAL_NOT, 0, 0, DType.BOOL);
    }

    /** True when no element is NaN or infinite. */
    public boolean isFinite() {
        if (!dtype().isFloatingPoint()) return true;
        for (double v : toDoubleArray()) {
            if (!Double.isFinite(v)) return false;
        }
        return true;
    }

    /** Where mask is true, value; elsewhere this. The mask broadcasts. */
    public Tensor maskedFill(Tensor mask, double value) {
        checkBool("maskedFill", mask);
        return Tensors.where(mask, scalar(value), this);
    }

    static void checkBool(String op, Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": expected a bool mask, got " + mask.describe());
        }
    }

    /** Kernel entry for {@link Tensors#where}. */
    static Tensor whereKernel(Tensor cond, Tensor a, Tensor b) {
        int[] outShape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
        DType t = DType.promote(a.dtype(), b.dtype());
        Tensor aa = a.dtype() == t ? a : a.to(t), bb = b.dtype() == t ? b : b.to(t);
        Tensor out = empty(t, outShape);
        a.backend().where(cond.broadcastTo(outShape), aa.broadcastTo(outShape), bb.broadcastTo(outShape), out.storage, outShape);
        return out;
    }

    // ================================================================ type conversion and copies

    /** This tensor with another dtype (itself when the dtype already matches). */
    public Tensor to(DType type) {
        if (type == dtype()) return this;
        Tensor out = empty(type, shape);
        backend().copy(strided(), out.strided());
        DType from = dtype();
        if (!type.isFloatingPoint() || !from.isFloatingPoint()) return out;
        return Node.record("to", out, inputs(this), saved(), (g, s) -> grads(g.to(from)));
    }

    /** A contiguous copy that stays in the graph. */
    public Tensor clone() {
        Tensor out = empty(dtype(), shape);
        backend().copy(strided(), out.strided());
        return Node.record("clone", out, inputs(this), saved(), (g, s) -> grads(g));
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : clone();
    }

    // ================================================================ views

    private Tensor view(int[] newShape, int[] newStrides, int newOffset) {
        return new Tensor(storage, newShape, newStrides, newOffset, this);
    }

    /** Same data with another shape; a view when the strides allow it, else a copy. One dim may be -1. */
    public Tensor reshape(int... newShape) {
        int[] target = inferShape("reshape", newShape);
        if (Arrays.equals(target, shape)) return this;
        int[] viewStrides = viewStrides(target);
        Tensor src = viewStrides == null ? contiguous() : this;
        int[] st = viewStrides == null ? Shape.contiguousStrides(target) : viewStrides;
        Tensor out = src.view(target, st, src.offset);
        int[] original = shape.clone();
        return Node.record("reshape", out, inputs(src), saved(), (g, s) -> grads(g.reshape(original)));
    }

    /** Like {@link #reshape} but fails instead of copying, like PyTorch's {@code view}. */
    public Tensor view(int... newShape) {
        int[] target = inferShape("view", newShape);
        if (viewStrides(target) == null) {
            throw new IllegalArgumentException("view: size " + Shape.str(target) + " is not compatible with input tensor's size "
                    + Shape.str(shape) + " and stride " + Arrays.toString(strides) + "; use reshape() instead");
        }
        return reshape(target);
    }

    private int[] inferShape(String op, int[] requested) {
        int[] target = requested.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be inferred in " + Arrays.toString(requested));
                infer = i;
            } else if (target[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + target[i] + " in " + Arrays.toString(requested));
            } else {
                known *= target[i];
            }
        }
        int n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(requested) + " is invalid for input of size " + n);
            }
            target[infer] = n / known;
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(requested) + " is invalid for input of size " + n
                    + " (shape " + Shape.str(shape) + ")");
        }
        return target;
    }

    /** Strides giving {@code target} over the same memory without a copy, or null (PyTorch's computeStride). */
    private int[] viewStrides(int[] target) {
        if (numel() == 0) return Shape.contiguousStrides(target);
        int[] out = new int[target.length];
        int viewD = target.length - 1;
        int chunkBase = 0, tensorNumel = 1, viewNumel = 1;
        if (shape.length == 0) return Shape.contiguousStrides(target);
        chunkBase = strides[shape.length - 1];
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] == 1)) {
                    out[viewD] = viewNumel * chunkBase;
                    viewNumel *= target[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? out : null;
    }

    public Tensor flatten() {
        return flatten(0, -1);
    }

    /** Merges dims start..end (inclusive) into one. */
    public Tensor flatten(int startDim, int endDim) {
        if (shape.length == 0) return reshape(1);
        int s = Shape.wrapDim("flatten", startDim, shape.length), e = Shape.wrapDim("flatten", endDim, shape.length);
        if (s > e) throw new IllegalArgumentException("flatten: start_dim " + startDim + " comes after end_dim " + endDim);
        int[] target = new int[shape.length - (e - s)];
        int k = 0, merged = 1;
        for (int d = 0; d < shape.length; d++) {
            if (d < s || d > e) target[k++] = shape[d];
            else {
                merged *= shape[d];
                if (d == e) target[k++] = merged;
            }
        }
        return reshape(target);
    }

    public Tensor flatten(int startDim) {
        return flatten(startDim, -1);
    }

    /** Splits one dim into several (one size may be -1). */
    public Tensor unflatten(int dim, int... sizes) {
        int d = Shape.wrapDim("unflatten", dim, shape.length);
        int known = 1, infer = -1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == -1) infer = i;
            else known *= sizes[i];
        }
        int[] sz = sizes.clone();
        if (infer >= 0) sz[infer] = shape[d] / Math.max(known, 1);
        if (Shape.numel(sz) != shape[d]) {
            throw new IllegalArgumentException("unflatten: sizes " + Arrays.toString(sizes) + " don't multiply up to the size of dim "
                    + dim + " (" + shape[d] + ") of " + Shape.str(shape));
        }
        int[] target = new int[shape.length - 1 + sz.length];
        System.arraycopy(shape, 0, target, 0, d);
        System.arraycopy(sz, 0, target, d, sz.length);
        System.arraycopy(shape, d + 1, target, d + sz.length, shape.length - d - 1);
        return reshape(target);
    }

    public Tensor permute(int... dims) {
        if (dims.length != shape.length) {
            throw new IllegalArgumentException("permute: number of dims " + dims.length + " doesn't match the rank " + shape.length
                    + " of " + Shape.str(shape));
        }
        int[] newShape = new int[dims.length], newStrides = new int[dims.length], inverse = new int[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shape.wrapDim("permute", dims[i], shape.length);
            if (seen[d]) throw new IllegalArgumentException("permute: repeated dim " + d + " in " + Arrays.toString(dims));
            seen[d] = true;
            newShape[i] = shape[d];
            newStrides[i] = strides[d];
            inverse[d] = i;
        }
        Tensor out = view(newShape, newStrides, offset);
        return Node.record("permute", out, inputs(this), saved(), (g, s) -> grads(g.permute(inverse)));
    }

    public Tensor transpose(int dim0, int dim1) {
        if (shape.length == 0) return this;
        int a = Shape.wrapDim("transpose", dim0, shape.length), b = Shape.wrapDim("transpose", dim1, shape.length);
        int[] perm = Shape.allDims(shape.length);
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** Transpose of a matrix (rank &lt;= 2), like PyTorch's {@code t()}. */
    public Tensor t() {
        if (shape.length > 2) throw new IllegalArgumentException("t: expects a tensor with <= 2 dimensions, got " + Shape.str(shape));
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /** All dims reversed (PyTorch's {@code T}): the transpose of a matrix, the identity on a vector. */
    public Tensor T() {
        int[] reversed = new int[shape.length];
        for (int d = 0; d < reversed.length; d++) reversed[d] = reversed.length - 1 - d;
        return permute(reversed);
    }

    /** Transpose of the last two dims (PyTorch's {@code mT}). */
    public Tensor mT() {
        return transpose(-2, -1);
    }

    /** A broadcast view; -1 keeps a size. Gradients sum back over expanded dims. */
    public Tensor expand(int... sizes) {
        if (sizes.length < shape.length) {
            throw new IllegalArgumentException("expand: the number of sizes " + Arrays.toString(sizes)
                    + " must be at least the rank of " + Shape.str(shape));
        }
        int lead = sizes.length - shape.length;
        int[] target = new int[sizes.length], st = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int cur = i < lead ? 1 : shape[i - lead];
            int want = sizes[i] == -1 ? cur : sizes[i];
            if (i < lead && sizes[i] == -1) throw new IllegalArgumentException("expand: -1 not allowed for new leading dim " + i);
            if (cur != want && cur != 1) {
                throw new IllegalArgumentException("expand: the expanded size " + want + " must match the existing size " + cur
                        + " at dim " + i + " (shape " + Shape.str(shape) + " to " + Arrays.toString(sizes) + ")");
            }
            target[i] = want;
            st[i] = i < lead || cur != want ? 0 : strides[i - lead];
        }
        if (Arrays.equals(target, shape)) return this;
        Tensor out = view(target, st, offset);
        return Node.record("expand", out, inputs(this), saved(), (g, s) -> grads(g));
    }

    public Tensor expandAs(Tensor other) {
        return expand(other.shape);
    }

    /** Elements start, start+step, ... below end along dim (Python's {@code x[start:end:step]}). */
    public Tensor slice(int dim, int start, int end, int step) {
        int d = Shape.wrapDim("slice", dim, shape.length);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int n = shape[d];
        int s = clampIndex(start, n), e = clampIndex(end, n);
        int len = e > s ? (e - s + step - 1) / step : 0;
        int[] newShape = shape.clone(), newStrides = strides.clone();
        newShape[d] = len;
        newStrides[d] = strides[d] * step;
        Tensor out = view(newShape, newStrides, offset + s * strides[d]);
        int[] original = shape.clone();
        int fs = s;
        return Node.record("slice", out, inputs(this), saved(), (g, sv) -> grads(g.embedSlice(original, d, fs, step)));
    }

    private static int clampIndex(int i, int n) {
        if (i < 0) i += n;
        return Math.max(0, Math.min(i, n));
    }

    /** The gradient of slice: zeros of {@code fullShape} with this placed at start::step along dim. */
    private Tensor embedSlice(int[] fullShape, int dim, int start, int step) {
        Tensor out = Tensors.zeros(fullShape, dtype());
        Tensor window = out.detach().slice(dim, start, fullShape[dim], step).narrowRaw(dim, shape[dim]);
        backend().copy(strided(), window.strided());
        return Node.record("slice_backward", out, inputs(this), saved(), (g, s) -> grads(g.slice(dim, start, fullShape[dim], step).narrow(dim, 0, shape[dim])));
    }

    private Tensor narrowRaw(int dim, int length) {
        int[] newShape = shape.clone();
        newShape[dim] = length;
        return view(newShape, strides, offset);
    }

    public Tensor narrow(int dim, int start, int length) {
        int d = Shape.wrapDim("narrow", dim, shape.length);
        int s = start < 0 ? start + shape[d] : start;
        if (s < 0 || length < 0 || s + length > shape[d]) {
            throw new IllegalArgumentException("narrow: start " + start + " + length " + length + " exceeds dimension size "
                    + shape[d] + " of dim " + dim + " in " + Shape.str(shape));
        }
        return slice(d, s, s + length, 1);
    }

    /** The sub-tensor at {@code index} along dim, with that dim removed. */
    public Tensor select(int dim, int index) {
        int d = Shape.wrapDim("select", dim, shape.length);
        int i = index < 0 ? index + shape[d] : index;
        if (i < 0 || i >= shape[d]) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dim " + dim + " of size " + shape[d]);
        }
        return slice(d, i, i + 1, 1).squeeze(d);
    }

    /** Removes every size-1 dim. */
    public Tensor squeeze() {
        int[] target = Arrays.stream(shape).filter(s -> s != 1).toArray();
        return reshape(target);
    }

    /** Removes dim if its size is 1 (otherwise returns this, like PyTorch). */
    public Tensor squeeze(int dim) {
        if (shape.length == 0) return this;
        int d = Shape.wrapDim("squeeze", dim, shape.length);
        if (shape[d] != 1) return this;
        int[] target = new int[shape.length - 1];
        for (int i = 0, k = 0; i < shape.length; i++) if (i != d) target[k++] = shape[i];
        return reshape(target);
    }

    public Tensor unsqueeze(int dim) {
        int d = Shape.wrapDim("unsqueeze", dim, shape.length + 1);
        int[] target = new int[shape.length + 1];
        for (int i = 0, k = 0; i < target.length; i++) target[i] = i == d ? 1 : shape[k++];
        return reshape(target);
    }

    /** Splits into {@code chunks} pieces along dim (the last may be smaller), like PyTorch. */
    public List<Tensor> chunk(int chunks, int dim) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: chunks must be positive, got " + chunks);
        int d = Shape.wrapDim("chunk", dim, shape.length);
        int size = (shape[d] + chunks - 1) / chunks;
        return split(Math.max(size, 1), d);
    }

    public List<Tensor> split(int splitSize, int dim) {
        if (splitSize <= 0) throw new IllegalArgumentException("split: split_size must be positive, got " + splitSize);
        int d = Shape.wrapDim("split", dim, shape.length);
        List<Tensor> out = new ArrayList<>();
        for (int s = 0; s < shape[d] || (s == 0 && shape[d] == 0); s += splitSize) {
            out.add(narrow(d, s, Math.min(splitSize, shape[d] - s)));
            if (shape[d] == 0) break;
        }
        return out;
    }

    public List<Tensor> split(int[] sections, int dim) {
        int d = Shape.wrapDim("split", dim, shape.length);
        int total = Arrays.stream(sections).sum();
        if (total != shape[d]) {
            throw new IllegalArgumentException("split: sections " + Arrays.toString(sections) + " sum to " + total
                    + " but dim " + dim + " has size " + shape[d]);
        }
        List<Tensor> out = new ArrayList<>();
        int s = 0;
        for (int len : sections) {
            out.add(narrow(d, s, len));
            s += len;
        }
        return out;
    }

    /** Reverses the order of elements along the given dims (a copy, like PyTorch). */
    public Tensor flip(int... dims) {
        boolean[] mask = Shape.dimMask("flip", dims, shape.length);
        int[] st = strides.clone();
        int off = offset;
        for (int d = 0; d < shape.length; d++) {
            if (mask[d] && shape[d] > 0) {
                off += (shape[d] - 1) * strides[d];
                st[d] = -strides[d];
            }
        }
        Tensor flipped = new Tensor(storage, shape, st, off, this);
        Tensor out = empty(dtype(), shape);
        backend().copy(flipped.strided(), out.strided());
        return Node.record("flip", out, inputs(this), saved(), (g, s) -> grads(g.flip(dims)));
    }

    /** Tiles the tensor {@code repeats[i]} times along each dim. */
    public Tensor repeat(int... repeats) {
        if (repeats.length < shape.length) {
            throw new IllegalArgumentException("repeat: number of repeat dims " + repeats.length + " can not be smaller than the rank "
                    + shape.length);
        }
        int lead = repeats.length - shape.length;
        int[] padded = new int[repeats.length];
        for (int i = 0; i < repeats.length; i++) padded[i] = i < lead ? 1 : shape[i - lead];
        // View as (r0, s0, r1, s1, ...) with the repeats broadcast, then merge pairs.
        int[] expandedShape = new int[2 * repeats.length];
        int[] viewShape = new int[2 * repeats.length];
        int[] target = new int[repeats.length];
        for (int i = 0; i < repeats.length; i++) {
            viewShape[2 * i] = 1;
            viewShape[2 * i + 1] = padded[i];
            expandedShape[2 * i] = repeats[i];
            expandedShape[2 * i + 1] = padded[i];
            target[i] = repeats[i] * padded[i];
        }
        return reshape(viewShape).expand(expandedShape).contiguous().reshape(target);
    }

    /** Sums this gradient-shaped tensor down to {@code target} (the inverse of broadcasting). */
    public Tensor sumTo(int[] target) {
        if (Arrays.equals(shape, target)) return this;
        int lead = shape.length - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumTo: cannot reduce " + Shape.str(shape) + " to the larger shape " + Shape.str(target));
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (i < lead || (target[i - lead] == 1 && shape[i] != 1)) dims.add(i);
        }
        Tensor r = sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return r.reshape(target);
    }

    // ================================================================ reductions

    /**
     * Moves the reduced dims last, makes the data contiguous and runs the kernel over the
     * (kept, reduced) block; returns the result with keepdim shape.
     */
    private Tensor reduceKernel(String name, ReduceOp op, int[] dims, DType outType) {
        boolean[] mask = Shape.dimMask(name, dims, shape.length);
        int r = shape.length;
        int[] perm = new int[r];
        int k = 0, inner = 1, outer = 1;
        int[] keepShape = shape.clone();
        for (int d = 0; d < r; d++) if (!mask[d]) { perm[k++] = d; outer *= shape[d]; }
        for (int d = 0; d < r; d++) if (mask[d]) { perm[k++] = d; inner *= shape[d]; keepShape[d] = 1; }
        if (inner == 0 && (op != ReduceOp.SUM && op != ReduceOp.PROD)) {
            throw new IllegalArgumentException(name + ": cannot reduce over an empty dimension of " + Shape.str(shape));
        }
        Tensor src = new Tensor(storage, shape, strides, offset, null).permute(perm).compact();
        Tensor out = empty(outType, keepShape);
        if (inner == 0) out.storage.fill(op == ReduceOp.PROD ? 1 : 0);
        else backend().reduce(op, src.storage, outer, inner, out.storage);
        return out;
    }

    private static int[] dimsOrAll(int[] dims, int rank) {
        return dims == null ? Shape.allDims(rank) : dims;
    }

    private Tensor dropDims(Tensor keep, int[] dims, boolean keepDim) {
        if (keepDim) return keep;
        boolean[] mask = Shape.dimMask("reduce", dims, shape.length);
        int[] target = new int[shape.length];
        int k = 0;
        for (int d = 0; d < shape.length; d++) if (!mask[d]) target[k++] = shape[d];
        return keep.reshape(Arrays.copyOf(target, k));
    }

    private int[] keepShape(int[] dims) {
        boolean[] mask = Shape.dimMask("reduce", dims, shape.length);
        int[] ks = shape.clone();
        for (int d = 0; d < ks.length; d++) if (mask[d]) ks[d] = 1;
        return ks;
    }

    public Tensor sum() {
        return sum(null, false);
    }

    public Tensor sum(int dim, boolean keepDim) {
        return sum(new int[] {dim}, keepDim);
    }

    public Tensor sum(int dim) {
        return sum(dim, false);
    }

    /** Sum over {@code dims} (all when null); int and bool sums are int64, like PyTorch. */
    public Tensor sum(int[] dims, boolean keepDim) {
        int[] ds = dimsOrAll(dims, shape.length);
        DType t = dtype().isFloatingPoint() ? dtype() : DType.INT64;
        Tensor keep = reduceKernel("sum", ReduceOp.SUM, ds, t);
        int[] original = shape.clone();
        Tensor out = dropDims(keep, ds, keepDim);
        int[] ks = keep.shape;
        return Node.record("sum", out, inputs(this), saved(), (g, s) -> grads(g.reshape(ks).expand(original)));
    }

    public Tensor mean() {
        return mean(null, false);
    }

    public Tensor mean(int dim, boolean keepDim) {
        return mean(new int[] {dim}, keepDim);
    }

    public Tensor mean(int[] dims, boolean keepDim) {
        requireFloating("mean");
        int[] ds = dimsOrAll(dims, shape.length);
        int count = reducedCount(ds);
        return sum(ds, keepDim).div((double) count);
    }

    private int reducedCount(int[] dims) {
        boolean[] mask = Shape.dimMask("reduce", dims, shape.length);
        int n = 1;
        for (int d = 0; d < shape.length; d++) if (mask[d]) n *= shape[d];
        return n;
    }

    private void requireFloating(String op) {
        if (!dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point tensor, got " + describe());
        }
    }

    /** Variance with {@code correction} (1 = unbiased, Bessel's correction; 0 = biased). */
    public Tensor var(int[] dims, double correction, boolean keepDim) {
        requireFloating("var");
        int[] ds = dimsOrAll(dims, shape.length);
        int n = reducedCount(ds);
        Tensor centered = sub(mean(ds, true));
        return centered.mul(centered).sum(ds, keepDim).div(Math.max(0, n - correction));
    }

    public Tensor var(int dim, boolean unbiased, boolean keepDim) {
        return var(new int[] {dim}, unbiased ? 1 : 0, keepDim);
    }

    /** Unbiased variance over all elements. */
    public Tensor var() {
        return var(null, 1, false);
    }

    public Tensor std(int[] dims, double correction, boolean keepDim) {
        return var(dims, correction, keepDim).sqrt();
    }

    public Tensor std(int dim, boolean unbiased, boolean keepDim) {
        return var(dim, unbiased, keepDim).sqrt();
    }

    public Tensor std() {
        return var().sqrt();
    }

    public Tensor prod(int[] dims, boolean keepDim) {
        int[] ds = dimsOrAll(dims, shape.length);
        DType t = dtype().isFloatingPoint() ? dtype() : DType.INT64;
        Tensor keep = reduceKernel("prod", ReduceOp.PROD, ds, t);
        Tensor out = dropDims(keep, ds, keepDim);
        int[] ks = keep.shape;
        return Node.record("prod", out, inputs(this), saved(this, out), (g, s) -> grads(g.reshape(ks).mul(prodGrad(s[0], s[1].reshape(ks), ds))));
    }

    /**
     * d prod / d x_i: the product of the other elements. That is prod / x_i unless a slice holds a
     * zero; then (like PyTorch) it is computed directly, as the product over an (n, n) grid per
     * slice whose diagonal is 1, so it is exact and itself differentiable.
     */
    private static Tensor prodGrad(Tensor x, Tensor prodKeep, int[] dims) {
        if (!x.eq(0.0).any()) return prodKeep.div(x);
        boolean[] reduced = Shape.dimMask("prod", dims, x.shape.length);
        int[] perm = new int[x.shape.length], inverse = new int[perm.length];
        int k = 0, n = 1;
        for (int d = 0; d < perm.length; d++) if (!reduced[d]) perm[k++] = d;
        int kept = k;
        for (int d = 0; d < perm.length; d++) if (reduced[d]) { perm[k++] = d; n *= x.shape[d]; }
        for (int i = 0; i < perm.length; i++) inverse[perm[i]] = i;
        Tensor moved = x.permute(perm);
        int[] rows = Arrays.copyOf(moved.shape, kept + 1);
        rows[kept] = n;
        Tensor diagonal = Tensors.eye(n).gt(0.0);
        Tensor grid = Tensors.where(diagonal, Tensors.ones(new int[0], x.dtype()), moved.reshape(rows).unsqueeze(-2));
        return grid.prod(-1, false).reshape(moved.shape).permute(inverse);
    }

    public Tensor prod() {
        return prod(null, false);
    }

    public Tensor prod(int dim, boolean keepDim) {
        return prod(new int[] {dim}, keepDim);
    }

    /** Maximum over dims; the gradient is shared evenly between tied maxima, like PyTorch's amax. */
    public Tensor amax(int[] dims, boolean keepDim) {
        return extreme("amax", ReduceOp.MAX, dimsOrAll(dims, shape.length), keepDim);
    }

    public Tensor amax(int dim, boolean keepDim) {
        return amax(new int[] {dim}, keepDim);
    }

    public Tensor amin(int[] dims, boolean keepDim) {
        return extreme("amin", ReduceOp.MIN, dimsOrAll(dims, shape.length), keepDim);
    }

    public Tensor amin(int dim, boolean keepDim) {
        return amin(new int[] {dim}, keepDim);
    }

    private Tensor extreme(String name, ReduceOp op, int[] dims, boolean keepDim) {
        Tensor keep = reduceKernel(name, op, dims, dtype());
        Tensor out = dropDims(keep, dims, keepDim);
        return Node.record(name, out, inputs(this), saved(this, keep), (g, s) -> {
            Tensor hit = s[0].eq(s[1]).to(g.dtype());
            Tensor count = hit.sum(dims, true);
            return grads(g.reshape(s[1].shape).mul(hit).div(count));
        });
    }

    /** The largest element (gradient shared among ties). */
    public Tensor max() {
        return amax(null, false);
    }

    public Tensor min() {
        return amin(null, false);
    }

    /** Values and indices of the maximum along dim, like {@code torch.max(x, dim)}. */
    public ValuesIndices max(int dim, boolean keepDim) {
        Tensor idx = argmax(dim, true);
        Tensor values = gather(dim, idx);
        return new ValuesIndices(keepDim ? values : values.squeeze(dim), keepDim ? idx : idx.squeeze(dim));
    }

    public ValuesIndices min(int dim, boolean keepDim) {
        Tensor idx = argmin(dim, true);
        Tensor values = gather(dim, idx);
        return new ValuesIndices(keepDim ? values : values.squeeze(dim), keepDim ? idx : idx.squeeze(dim));
    }

    /** Values and their int64 indices, returned by max/min/sort/topk. */
    public record ValuesIndices(Tensor values, Tensor indices) {}

    /** Index of the first maximum of the flattened tensor. */
    public Tensor argmax() {
        return reshape(-1).argmax(0, false);
    }

    public Tensor argmax(int dim, boolean keepDim) {
        return dropDims(reduceKernel("argmax", ReduceOp.ARGMAX, new int[] {dim}, DType.INT64), new int[] {dim}, keepDim);
    }

    public Tensor argmin() {
        return reshape(-1).argmin(0, false);
    }

    public Tensor argmin(int dim, boolean keepDim) {
        return dropDims(reduceKernel("argmin", ReduceOp.ARGMIN, new int[] {dim}, DType.INT64), new int[] {dim}, keepDim);
    }

    /** log(sum(exp(x))) over dims, computed stably by shifting with the (detached) maximum. */
    public Tensor logsumexp(int[] dims, boolean keepDim) {
        requireFloating("logsumexp");
        Tensor m = amax(dims, true).detach();
        Tensor finiteM = Tensors.where(m.abs().eq(Double.POSITIVE_INFINITY), Tensors.zerosLike(m), m);
        Tensor r = sub(finiteM).exp().sum(dims, true).log().add(finiteM);
        return keepDim ? r : dropDims(r, dims, false);
    }

    public Tensor logsumexp(int dim, boolean keepDim) {
        return logsumexp(new int[] {dim}, keepDim);
    }

    /** The vector p-norm over dims (all when null); p may be infinite. */
    public Tensor norm(double p, int[] dims, boolean keepDim) {
        requireFloating("norm");
        int[] ds = dimsOrAll(dims, shape.length);
        if (p == Double.POSITIVE_INFINITY) return abs().amax(ds, keepDim);
        if (p == Double.NEGATIVE_INFINITY) return abs().amin(ds, keepDim);
        if (p == 2) {
            Tensor ss = mul(this).sum(ds, keepDim);
            Tensor out = ss.unary(UnaryOp.SQRT, 0, 0);
            // Gradient x / norm, defined as 0 at the origin like PyTorch.
            return Node.record("norm", out, inputs(this), saved(this, out), (g, s) -> {
                Tensor nrm = keepDim ? s[1] : s[1].reshape(keepShape(ds));
                Tensor gg = keepDim ? g : g.reshape(keepShape(ds));
                Tensor safe = Tensors.where(nrm.eq(0.0), Tensors.onesLike(nrm), nrm);
                return grads(Tensors.where(nrm.eq(0.0), Tensors.zerosLike(s[0]), s[0].mul(gg).div(safe)));
            });
        }
        if (p == 1) return abs().sum(ds, keepDim);
        return abs().pow(p).sum(ds, keepDim).pow(1 / p);
    }

    public Tensor norm() {
        return norm(2, null, false);
    }

    public Tensor softmax(int dim) {
        requireFloating("softmax");
        return sub(logsumexp(dim, true)).exp();
    }

    public Tensor logSoftmax(int dim) {
        requireFloating("logSoftmax");
        return sub(logsumexp(dim, true));
    }

    public Tensor cumsum(int dim) {
        int d = Shape.wrapDim("cumsum", dim, shape.length);
        int n = shape.length == 0 ? 1 : shape[d];
        // Lower-triangular ones: cumsum is a matmul along the dim, which keeps autograd for free.
        Tensor tri = Tensors.ones(new int[] {n, n}, dtype()).tril();
        Tensor moved = shape.length == 0 ? this : transpose(d, -1);
        Tensor out = moved.matmul(tri.t());
        return shape.length == 0 ? out : out.transpose(d, -1);
    }

    /** The lower triangle of a matrix (rank 2), zero above the diagonal. */
    public Tensor tril() {
        if (shape.length != 2) throw new IllegalArgumentException("tril: expected a matrix, got " + Shape.str(shape));
        Tensor rows = Tensors.arange(shape[0]).unsqueeze(1), cols = Tensors.arange(shape[1]).unsqueeze(0);
        return Tensors.where(cols.le(rows), this, Tensors.zerosLike(this));
    }

    public boolean all() {
        for (boolean b : to(DType.BOOL).toBooleanArray()) if (!b) return false;
        return true;
    }

    public boolean any() {
        for (boolean b : to(DType.BOOL).toBooleanArray()) if (b) return true;
        return false;
    }

    // ================================================================ matrix products

    /**
     * Matrix product with PyTorch's rules: 1-d operands are promoted to matrices and the added
     * dim removed after; batch dims broadcast.
     */
    public Tensor matmul(Tensor other) {
        if (shape.length == 0 || other.shape.length == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got " + Shape.str(shape)
                    + " @ " + Shape.str(other.shape));
        }
        if (dtype() != other.dtype()) {
            throw new IllegalArgumentException("matmul: expected both operands to have the same dtype, got " + dtype() + " @ " + other.dtype());
        }
        Tensor a = shape.length == 1 ? unsqueeze(0) : this;
        Tensor b = other.shape.length == 1 ? other.unsqueeze(1) : other;
        int k = a.shape[a.shape.length - 1];
        if (b.shape[b.shape.length - 2] != k) {
            throw new IllegalArgumentException("matmul: " + Shape.str(shape) + " @ " + Shape.str(other.shape) + ": inner dims "
                    + k + " != " + b.shape[b.shape.length - 2]);
        }
        Tensor out = a.batchedMatmul(b);
        if (shape.length == 1) out = out.squeeze(-2);
        if (other.shape.length == 1) out = out.squeeze(-1);
        return out;
    }

    /** (..., m, k) @ (..., k, n) with broadcast batch dims: the one matmul primitive. */
    private Tensor batchedMatmul(Tensor b) {
        int ra = shape.length, rb = b.shape.length;
        int m = shape[ra - 2], k = shape[ra - 1], n = b.shape[rb - 1];
        int[] batchA = Arrays.copyOf(shape, ra - 2), batchB = Arrays.copyOf(b.shape, rb - 2);
        int[] batch = Shape.broadcast("matmul", batchA, batchB);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        MatrixLayout la = MatrixLayout.of(this), lb = MatrixLayout.of(b);
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = k;
        int[] aOff = batchOffsets(la.data(), batch, full);
        full[batch.length] = k;
        full[batch.length + 1] = n;
        int[] bOff = batchOffsets(lb.data(), batch, full);
        Tensor out = empty(dtype(), outShape);
        if (out.numel() > 0) {
            backend().matmul(aOff.length, m, n, k, la.data().storage, aOff, la.ld(), la.transposed(),
                    lb.data().storage, bOff, lb.ld(), lb.transposed(), out.storage);
        }
        boolean needA = requiresGrad, needB = b.requiresGrad;
        return Node.recordWithNewGradients("matmul", out, inputs(this, b), saved(needB ? this : null, needA ? b : null),
                (g, s) -> grads(needA ? g.matmul(s[1].mT()) : null, needB ? s[0].mT().matmul(g) : null));
    }

    /**
     * How the GEMM kernel reads the last two dims of {@code data}: row-major (element (r, c) at
     * r*ld + c) or transposed, column-major (at c*ld + r). The stride of a size-1 dim is never
     * used, so it does not decide the layout. Other layouts are copied first.
     */
    private record MatrixLayout(Tensor data, boolean transposed, int ld) {
        static MatrixLayout of(Tensor t) {
            int r = t.shape.length;
            int rows = t.shape[r - 2], cols = t.shape[r - 1];
            int sr = t.strides[r - 2], sc = t.strides[r - 1];
            if ((sc == 1 || cols == 1) && (rows == 1 || sr >= Math.max(cols, 1))) {
                return new MatrixLayout(t, false, rows == 1 ? Math.max(cols, 1) : sr);
            }
            if ((sr == 1 || rows == 1) && (cols == 1 || sc >= Math.max(rows, 1))) {
                return new MatrixLayout(t, true, cols == 1 ? Math.max(rows, 1) : sc);
            }
            Tensor c = empty(t.dtype(), t.shape);
            t.backend().copy(t.strided(), c.strided());
            return new MatrixLayout(c, false, Math.max(cols, 1));
        }
    }

    private static int[] batchOffsets(Tensor t, int[] batch, int[] full) {
        int count = Shape.numel(batch);
        int[] st = t.broadcastStrides(full);
        int[] offs = new int[count];
        int[] idx = new int[batch.length];
        for (int i = 0; i < count; i++) {
            int o = t.offset;
            for (int d = 0; d < batch.length; d++) o += idx[d] * st[d];
            offs[i] = o;
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) break;
                idx[d] = 0;
            }
        }
        return offs;
    }

    /** Matrix product of two matrices (rank 2 only, like torch.mm). */
    public Tensor mm(Tensor other) {
        if (shape.length != 2 || other.shape.length != 2) {
            throw new IllegalArgumentException("mm: expected two matrices, got " + Shape.str(shape) + " and " + Shape.str(other.shape));
        }
        return matmul(other);
    }

    /** Batched product of (b, n, m) and (b, m, p) without broadcasting (torch.bmm). */
    public Tensor bmm(Tensor other) {
        if (shape.length != 3 || other.shape.length != 3 || shape[0] != other.shape[0]) {
            throw new IllegalArgumentException("bmm: expected (b, n, m) and (b, m, p) with equal b, got " + Shape.str(shape)
                    + " and " + Shape.str(other.shape));
        }
        return matmul(other);
    }

    public Tensor dot(Tensor other) {
        if (shape.length != 1 || other.shape.length != 1 || shape[0] != other.shape[0]) {
            throw new IllegalArgumentException("dot: expected two 1-D tensors of equal size, got " + Shape.str(shape) + " and "
                    + Shape.str(other.shape));
        }
        return matmul(other);
    }

    public Tensor outer(Tensor other) {
        if (shape.length != 1 || other.shape.length != 1) {
            throw new IllegalArgumentException("outer: expected two 1-D tensors, got " + Shape.str(shape) + " and " + Shape.str(other.shape));
        }
        return unsqueeze(1).mul(other.unsqueeze(0));
    }

    // ================================================================ indexing

    /** out[i][j][k] = this[i][index[i][j][k]][k] for dim 1 (and likewise for other dims). */
    public Tensor gather(int dim, Tensor index) {
        int d = Shape.wrapDim("gather", dim, shape.length);
        checkIndex("gather", index);
        if (index.shape.length != shape.length) {
            throw new IllegalArgumentException("gather: index " + Shape.str(index.shape) + " must have the same rank as input "
                    + Shape.str(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            if (i != d && index.shape[i] > shape[i]) {
                throw new IllegalArgumentException("gather: index " + Shape.str(index.shape) + " is larger than input "
                        + Shape.str(shape) + " at dim " + i);
            }
        }
        Tensor src = narrowToIndex(index, d).compact();
        long[] idx = index.contiguous().toLongArray();
        checkRange("gather", idx, shape.length == 0 ? 1 : shape[d]);
        Tensor out = empty(dtype(), index.shape);
        int outer = outerSize(index.shape, d), inner = innerSize(index.shape, d);
        int size = shape.length == 0 ? 1 : shape[d], idxSize = index.shape.length == 0 ? 1 : index.shape[d];
        backend().gather(src.storage, outer, size, inner, new Storage.I64(idx), idxSize, out.storage);
        int[] original = shape.clone();
        return Node.record("gather", out, inputs(this), saved(index),
                (g, s) -> grads(Tensors.zeros(original, g.dtype()).scatterAdd(d, s[0], g)));
    }

    /** A copy of this with {@code src} added at the positions {@code index} names along dim. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        int d = Shape.wrapDim("scatterAdd", dim, shape.length);
        checkIndex("scatterAdd", index);
        if (!Arrays.equals(index.shape, src.shape) && index.shape.length != src.shape.length) {
            throw new IllegalArgumentException("scatterAdd: index " + Shape.str(index.shape) + " and src " + Shape.str(src.shape)
                    + " must have the same rank");
        }
        long[] idx = index.contiguous().toLongArray();
        checkRange("scatterAdd", idx, shape.length == 0 ? 1 : shape[d]);
        Tensor result = clone().detach();
        // The kernel wants full (outer, size, inner) blocks: scatter into the index-shaped window.
        Tensor window = result.narrowToIndex(index, d);
        Tensor block = window.isCompact() ? window : empty(dtype(), window.shape);
        if (block != window) backend().copy(window.strided(), block.strided());
        Tensor srcC = src.narrowTo(index.shape).to(dtype()).compact();
        int outer = outerSize(index.shape, d), inner = innerSize(index.shape, d);
        backend().scatterAdd(block.storage, outer, block.shape.length == 0 ? 1 : block.shape[d], inner, new Storage.I64(idx),
                index.shape.length == 0 ? 1 : index.shape[d], srcC.storage);
        if (block != window) backend().copy(block.strided(), window.strided());
        return Node.record("scatter_add", result, inputs(this, src), saved(index),
                (g, s) -> grads(g, g.gather(d, s[0])));
    }

    /** This tensor cut to the index's sizes on every dim except {@code dim}. */
    private Tensor narrowToIndex(Tensor index, int dim) {
        Tensor t = this;
        for (int i = 0; i < shape.length; i++) if (i != dim && index.shape[i] < shape[i]) t = t.narrowRaw(i, index.shape[i]);
        return t;
    }

    private Tensor narrowTo(int[] sizes) {
        Tensor t = this;
        for (int i = 0; i < sizes.length; i++) if (sizes[i] < shape[i]) t = t.narrow(i, 0, sizes[i]);
        return t;
    }

    /** Whether the elements are exactly storage[0 .. numel) in row-major order, as the index kernels need. */
    private boolean isCompact() {
        return offset == 0 && isContiguous() && storage.size() == numel();
    }

    /** This tensor's data as a compact block (no graph: the callers record their own backward). */
    private Tensor compact() {
        return isCompact() ? this : contiguousRaw();
    }

    private Tensor contiguousRaw() {
        Tensor c = empty(dtype(), shape);
        backend().copy(strided(), c.strided());
        return c;
    }

    private static int outerSize(int[] shape, int dim) {
        int n = 1;
        for (int i = 0; i < dim && i < shape.length; i++) n *= shape[i];
        return n;
    }

    private static int innerSize(int[] shape, int dim) {
        int n = 1;
        for (int i = dim + 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    private static void checkIndex(String op, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected an int64 index, got " + index.describe());
        }
    }

    private static void checkRange(String op, long[] idx, int size) {
        for (long i : idx) {
            if (i < 0 || i >= size) throw new IndexOutOfBoundsException(op + ": index " + i + " is out of bounds for size " + size);
        }
    }

    /** The entries at {@code index} (1-D int64) along dim. */
    public Tensor indexSelect(int dim, Tensor index) {
        checkIndex("indexSelect", index);
        if (index.shape.length > 1) throw new IllegalArgumentException("indexSelect: index must be 1-D, got " + Shape.str(index.shape));
        int d = Shape.wrapDim("indexSelect", dim, shape.length);
        long[] idx = index.contiguous().toLongArray();
        checkSelected(idx, d, shape[d]);
        int[] outShape = shape.clone();
        outShape[d] = idx.length;
        if (!isContiguous()) return gather(d, expandedIndex(idx, d, outShape));
        // Contiguous source (a dataset, an embedding table, also a narrowed one): each selected slice
        // is one block copy, with no full-size index and no copy of the source.
        Tensor out = empty(dtype(), outShape);
        int outer = outerSize(shape, d), size = shape[d], inner = innerSize(shape, d);
        Storage.gatherBlocks(storage, offset, out.storage, idx, outer, size, inner);
        int[] original = shape.clone();
        return Node.record("indexSelect", out, inputs(this), saved(),
                (g, saved) -> grads(Tensors.zeros(original, g.dtype()).scatterAdd(d, expandedIndex(idx, d, outShape), g)));
    }

    /**
     * indexSelect's range check, a loop of its own: the JIT compiles it alone rather than all of
     * indexSelect for the sake of its loop (a batch gathered per training step).
     */
    private static void checkSelected(long[] idx, int d, int size) {
        for (long i : idx) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("indexSelect: index " + i + " is out of range for dim " + d + " of size " + size);
            }
        }
    }

    /** The int64 index of {@code outShape} that holds {@code idx[j]} at position j of dim d (gather's form of indexSelect). */
    private static Tensor expandedIndex(long[] idx, int d, int[] outShape) {
        int[] viewShape = new int[outShape.length];
        Arrays.fill(viewShape, 1);
        viewShape[d] = idx.length;
        return Tensors.fromArray(idx, idx.length).reshape(viewShape).expand(outShape).contiguous();
    }

    /** int64 class indices to one-hot int64 vectors of {@code numClasses} (-1: max + 1). */
    public Tensor oneHot(int numClasses) {
        checkIndex("oneHot", this);
        long[] idx = contiguous().toLongArray();
        long max = -1;
        for (long v : idx) {
            if (v < 0) throw new IllegalArgumentException("oneHot: class values must be non-negative, got " + v);
            max = Math.max(max, v);
        }
        int c = numClasses < 0 ? (int) max + 1 : numClasses;
        if (max >= c) throw new IllegalArgumentException("oneHot: class value " + max + " is not below num_classes " + c);
        int[] outShape = Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = c;
        long[] out = new long[idx.length * c];
        for (int i = 0; i < idx.length; i++) out[i * c + (int) idx[i]] = 1;
        return Tensors.fromArray(out, outShape);
    }

    /** Sorted values and their indices along dim (stable; NaN sorts as largest). */
    public ValuesIndices sort(int dim, boolean descending) {
        if (shape.length == 0) return new ValuesIndices(this, Tensors.zeros(new int[0], DType.INT64));
        int d = Shape.wrapDim("sort", dim, shape.length);
        Tensor moved = transpose(d, -1).detach().contiguousRaw();
        int n = shape[d];
        Tensor idx = empty(DType.INT64, moved.shape);
        if (idx.numel() > 0) backend().argsort(moved.storage, moved.numel() / Math.max(n, 1), n, descending, idx.storage);
        Tensor indices = idx.transpose(d, -1).contiguous();
        return new ValuesIndices(gather(d, indices), indices);
    }

    /** The k largest (or smallest) entries along dim, sorted. */
    public ValuesIndices topk(int k, int dim, boolean largest) {
        int d = Shape.wrapDim("topk", dim, shape.length);
        int n = shape.length == 0 ? 1 : shape[d];
        if (k < 0 || k > n) throw new IllegalArgumentException("topk: k " + k + " out of range for dim " + dim + " of size " + n);
        Tensor idx = sort(d, largest).indices().narrow(d, 0, k).contiguous();
        return new ValuesIndices(gather(d, idx), idx);
    }

    // ================================================================ in-place

    /**
     * Writes {@code result} (same shape) into this tensor's memory and bumps the version, taking
     * over result's graph so gradients still flow. Leaves that require grad may only be changed
     * under no-grad, like PyTorch.
     */
    private Tensor assign(String op, Tensor result) {
        if (GradMode.isEnabled() && requiresGrad && gradFn == null) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad is being used in an in-place operation; "
                    + "wrap the update in Autograd.noGrad()");
        }
        if (!Arrays.equals(result.shape, shape)) {
            throw new IllegalArgumentException(op + ": output with shape " + Shape.str(shape)
                    + " doesn't match the broadcast shape " + Shape.str(result.shape));
        }
        if (GradMode.isEnabled() && result.requiresGrad && base != null) {
            throw new IllegalStateException(op + ": in-place operation on a view of another tensor is not supported while "
                    + "recording gradients; use the out-of-place op");
        }
        backend().copy(result.strided(), strided());
        storage.bumpVersion();
        if (GradMode.isEnabled() && result.gradFn != null) {
            gradFn = result.gradFn;
            requiresGrad = true;
        }
        return this;
    }

    public Tensor add_(Tensor other) { return assign("add_", add(other)); }
    public Tensor add_(Tensor other, double alpha) { return assign("add_", add(other, alpha)); }
    public Tensor add_(double v) { return assign("add_", add(v)); }
    public Tensor sub_(Tensor other) { return assign("sub_", sub(other)); }
    public Tensor sub_(double v) { return assign("sub_", sub(v)); }
    public Tensor mul_(Tensor other) { return assign("mul_", mul(other)); }
    public Tensor mul_(double v) { return assign("mul_", mul(v)); }
    public Tensor div_(Tensor other) { return assign("div_", div(other)); }
    public Tensor div_(double v) { return assign("div_", div(v)); }
    public Tensor clamp_(double min, double max) { return assign("clamp_", clamp(min, max)); }
    public Tensor relu_() { return assign("relu_", relu()); }
    public Tensor copy_(Tensor src) { return assign("copy_", src.to(dtype()).expand(shape)); }

    public Tensor fill_(double value) {
        return assign("fill_", Tensors.full(shape, value, dtype()));
    }

    public Tensor zero_() {
        return fill_(0);
    }

    /** Fills with samples of U(low, high) from the generator. */
    public Tensor uniform_(double low, double high, Generator gen) {
        return assign("uniform_", Tensors.rand(shape, gen).to(dtype()).mul(high - low).add(low));
    }

    /** Fills with samples of N(mean, std²) from the generator. */
    public Tensor normal_(double mean, double std, Generator gen) {
        return assign("normal_", Tensors.randn(shape, gen).to(dtype()).mul(std).add(mean));
    }

    // ================================================================ comparison helpers and printing

    /** |this - other| <= atol + rtol * |other| everywhere (NaNs never equal), like torch.allclose. */
    public boolean allclose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) return false;
        double[] a = toDoubleArray(), b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) continue;
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
        }
        return true;
    }

    public boolean allclose(Tensor other) {
        return allclose(other, 1e-5, 1e-8);
    }

    /** Same shape and exactly the same elements. */
    public boolean equal(Tensor other) {
        return allclose(other, 0, 0);
    }

    @Override
    public String toString() {
        return TensorFormatter.format(this);
    }
}
