package dev.jgrad.autograd;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The op table: every differentiable op with sample inputs (broadcast, non-contiguous, keepdim,
 * scalar), each run through gradcheck and gradgradcheck in float64, and run again with every
 * input a strided view (a slice with step 2 and an offset).
 */
class OpGradcheckTest {
    enum Values { ANY, POSITIVE, ONE_ZERO, TWO_ZEROS }

    enum Layout { CONTIGUOUS, TRANSPOSED, SLICED }

    /** How a sample input is made: its shape, its values and its memory layout. */
    record Input(int[] shape, Values values, Layout layout) {
        static Input of(int... shape) { return new Input(shape, Values.ANY, Layout.CONTIGUOUS); }
        static Input positive(int... shape) { return new Input(shape, Values.POSITIVE, Layout.CONTIGUOUS); }
        static Input transposedOf(int... shape) { return new Input(shape, Values.ANY, Layout.TRANSPOSED); }
        static Input slicedOf(int... shape) { return new Input(shape, Values.ANY, Layout.SLICED); }
        static Input withZeros(Values zeros, int... shape) { return new Input(shape, zeros, Layout.CONTIGUOUS); }

        Input strided() {
            return layout == Layout.CONTIGUOUS && shape.length > 0 ? new Input(shape, values, Layout.SLICED) : this;
        }
    }

    record Case(String name, Function<Tensor[], Tensor> f, Input... inputs) {
        /** This case with every contiguous input replaced by a strided view, or null if nothing would change. */
        Case strided() {
            Input[] in = java.util.Arrays.stream(inputs).map(Input::strided).toArray(Input[]::new);
            return java.util.Arrays.equals(in, inputs) ? null : new Case(name + " (strided inputs)", f, in);
        }
    }

    private static Case c(String name, Function<Tensor[], Tensor> f, Input... inputs) {
        return new Case(name, f, inputs);
    }

    private static final Tensor INDEX = Tensors.fromArray(new long[] {2, 0, 1, 0, 2, 2}, 2, 3);

    static List<Case> cases() {
        List<Case> t = new ArrayList<>();
        Input m = Input.of(3, 4), row = Input.of(4), col = Input.of(3, 1), s = Input.of();
        Input mt = Input.transposedOf(3, 4);
        // elementwise unary
        t.add(c("neg", x -> x[0].neg(), m));
        t.add(c("exp", x -> x[0].exp(), mt));
        t.add(c("log", x -> x[0].log(), Input.positive(3, 4)));
        t.add(c("log1p", x -> x[0].log1p(), Input.positive(5)));
        t.add(c("expm1", x -> x[0].expm1(), m));
        t.add(c("sqrt", x -> x[0].sqrt(), Input.positive(3, 4)));
        t.add(c("rsqrt", x -> x[0].rsqrt(), Input.positive(4)));
        t.add(c("reciprocal", x -> x[0].reciprocal(), Input.positive(4)));
        t.add(c("abs", x -> x[0].abs(), m));
        t.add(c("sin", x -> x[0].sin(), mt));
        t.add(c("cos", x -> x[0].cos(), m));
        t.add(c("tanh", x -> x[0].tanh(), m));
        t.add(c("sigmoid", x -> x[0].sigmoid(), m));
        t.add(c("relu", x -> x[0].relu(), mt));
        t.add(c("addRelu", x -> x[0].addRelu(x[1]), mt, row));
        t.add(c("leakyRelu", x -> x[0].leakyRelu(0.1), m));
        t.add(c("erf", x -> x[0].erf(), m));
        t.add(c("square", x -> x[0].square(), s));
        t.add(c("pow scalar", x -> x[0].pow(3.0), m));
        t.add(c("pow fractional", x -> x[0].pow(1.5), Input.positive(3, 4)));
        t.add(c("rpow", x -> x[0].rpow(2.0), m));
        t.add(c("clamp", x -> x[0].clamp(-0.5, 0.5), m));
        t.add(c("clampMin", x -> x[0].clampMin(-0.5), m));
        t.add(c("clampMax", x -> x[0].clampMax(0.5), Input.slicedOf(3, 4)));
        t.add(c("add scalar", x -> x[0].add(1.5), m));
        t.add(c("sub scalar", x -> x[0].sub(1.5), s));
        t.add(c("rsub", x -> x[0].rsub(1.5), m));
        t.add(c("mul scalar", x -> x[0].mul(-2.5), mt));
        t.add(c("div scalar", x -> x[0].div(4.0), m));
        t.add(c("remainder", x -> x[0].mul(0.1).remainder(1.5), m));
        t.add(c("sign (zero gradient)", x -> x[0].sign().mul(x[0]), m));
        t.add(c("floor, ceil, round, trunc (zero gradient)", x -> x[0].mul(2.3).floor().add(x[0].ceil()).add(x[0].round()).add(x[0].trunc()), m));
        // elementwise binary with broadcasting
        t.add(c("add broadcast", x -> x[0].add(x[1]), m, row));
        t.add(c("add alpha", x -> x[0].add(x[1], 2.5), m, col));
        t.add(c("sub broadcast", x -> x[0].sub(x[1]), col, row));
        t.add(c("sub alpha", x -> x[0].sub(x[1], 0.5), s, m));
        t.add(c("mul broadcast", x -> x[0].mul(x[1]), mt, col));
        t.add(c("mul scalar tensor", x -> x[0].mul(x[1]), m, s));
        t.add(c("div broadcast", x -> x[0].div(x[1]), m, Input.positive(4)));
        t.add(c("pow tensor", x -> x[0].pow(x[1]), Input.positive(3, 4), row));
        t.add(c("maximum", x -> x[0].maximum(x[1]), m, row));
        t.add(c("minimum", x -> x[0].minimum(x[1]), col, row));
        t.add(c("atan2", x -> x[0].atan2(x[1]), m, m));
        t.add(c("where", x -> Tensors.where(x[0].gt(0.0), x[0], x[1].exp()), m, row));
        t.add(c("maskedFill", x -> x[0].maskedFill(x[0].lt(0.0), 2.0), m));
        // reductions
        t.add(c("sum all", x -> x[0].sum(), mt));
        t.add(c("sum of a scalar", x -> x[0].sum(), s));
        t.add(c("sum dim keepdim", x -> x[0].sum(1, true), m));
        t.add(c("sum dims", x -> x[0].sum(new int[] {0, 2}, false), Input.of(2, 3, 4)));
        t.add(c("mean", x -> x[0].mean(0, false), mt));
        t.add(c("mean all", x -> x[0].mean(), Input.of(2, 3, 2)));
        t.add(c("mean dims keepdim", x -> x[0].mean(new int[] {0, 2}, true), Input.of(2, 3, 2)));
        t.add(c("sum of a view with an offset", x -> x[0].narrow(0, 1, 2).sum(1, false), m));
        t.add(c("var unbiased", x -> x[0].var(1, true, false), m));
        t.add(c("var biased keepdim", x -> x[0].var(new int[] {0}, 0, true), m));
        t.add(c("std", x -> x[0].std(1, true, true), m));
        t.add(c("prod", x -> x[0].prod(1, false), Input.positive(3, 4)));
        t.add(c("prod all", x -> x[0].prod(), Input.of(2, 3)));
        t.add(c("prod with a zero", x -> x[0].prod(1, false), Input.withZeros(Values.ONE_ZERO, 3, 4)));
        t.add(c("prod with two zeros keepdim", x -> x[0].prod(1, true), Input.withZeros(Values.TWO_ZEROS, 3, 4)));
        t.add(c("prod dims with a zero", x -> x[0].prod(new int[] {0, 2}, false), Input.withZeros(Values.ONE_ZERO, 2, 3, 2)));
        t.add(c("prod all with a zero", x -> x[0].prod(), Input.withZeros(Values.ONE_ZERO, 2, 3)));
        t.add(c("amax", x -> x[0].amax(1, false), m));
        t.add(c("amin keepdim", x -> x[0].amin(0, true), mt));
        t.add(c("max dim", x -> x[0].max(1, false).values(), m));
        t.add(c("min dim keepdim", x -> x[0].min(0, true).values(), m));
        t.add(c("max all", x -> x[0].max(), mt));
        t.add(c("min all", x -> x[0].min(), m));
        t.add(c("logsumexp", x -> x[0].logsumexp(1, false), m));
        t.add(c("logsumexp dims keepdim", x -> x[0].logsumexp(new int[] {0, 2}, true), Input.of(2, 3, 2)));
        t.add(c("softmax", x -> x[0].softmax(1), mt));
        t.add(c("logSoftmax", x -> x[0].logSoftmax(0), m));
        t.add(c("norm 2", x -> x[0].norm(2, new int[] {1}, false), m));
        t.add(c("norm 1", x -> x[0].norm(1, null, false), m));
        t.add(c("norm 3", x -> x[0].norm(3, new int[] {0}, true), m));
        t.add(c("norm 2 keepdim", x -> x[0].norm(2, new int[] {0}, true), mt));
        t.add(c("norm default", x -> x[0].norm(), m));
        t.add(c("norm inf", x -> x[0].norm(Double.POSITIVE_INFINITY, new int[] {1}, false), m));
        t.add(c("norm -inf", x -> x[0].norm(Double.NEGATIVE_INFINITY, null, false), m));
        t.add(c("tril", x -> x[0].tril(), m));
        t.add(c("cumsum", x -> x[0].cumsum(1), m));
        // matrix products
        t.add(c("matmul 2d", x -> x[0].matmul(x[1]), Input.of(2, 3), Input.of(3, 4)));
        t.add(c("matmul transposed", x -> x[0].matmul(x[1]), mt, Input.of(4, 2)));
        t.add(c("matmul vector", x -> x[0].matmul(x[1]), m, row));
        t.add(c("matmul vector-matrix", x -> x[0].matmul(x[1]), Input.of(3), m));
        t.add(c("matmul batched broadcast", x -> x[0].matmul(x[1]), Input.of(2, 1, 3, 4), Input.of(3, 4, 2)));
        t.add(c("matmul batched both", x -> x[0].matmul(x[1]), Input.of(2, 3, 4), Input.of(2, 4, 2)));
        t.add(c("mm", x -> x[0].mm(x[1]), Input.of(2, 3), mt));
        t.add(c("bmm", x -> x[0].bmm(x[1]), Input.of(2, 3, 4), Input.of(2, 4, 2)));
        t.add(c("dot", x -> x[0].dot(x[1]), row, row));
        t.add(c("outer", x -> x[0].outer(x[1]), Input.of(3), row));
        t.add(c("einsum ij,jk->ik", x -> Tensors.einsum("ij,jk->ik", x[0], x[1]), m, Input.of(4, 2)));
        t.add(c("einsum ii->i", x -> Tensors.einsum("ii->i", x[0]), Input.of(3, 3)));
        t.add(c("einsum bi,bj->bij", x -> Tensors.einsum("bi,bj->bij", x[0], x[1]), Input.of(2, 3), Input.of(2, 2)));
        t.add(c("einsum bij,bjk->bik", x -> Tensors.einsum("bij,bjk->bik", x[0], x[1]), Input.of(2, 3, 4), Input.of(2, 4, 2)));
        t.add(c("einsum ii-> (trace)", x -> Tensors.einsum("ii->", x[0]), Input.of(3, 3)));
        t.add(c("einsum ij->ji", x -> Tensors.einsum("ij->ji", x[0]), m));
        t.add(c("einsum ij->j", x -> Tensors.einsum("ij->j", x[0]), m));
        t.add(c("einsum i,i-> (dot)", x -> Tensors.einsum("i,i->", x[0], x[1]), row, row));
        t.add(c("einsum i,j->ij (outer)", x -> Tensors.einsum("i,j->ij", x[0], x[1]), Input.of(3), row));
        t.add(c("einsum implicit ij,jk", x -> Tensors.einsum("ij,jk", x[0], x[1]), m, Input.of(4, 2)));
        // views and shape ops
        t.add(c("reshape", x -> x[0].reshape(2, 6), mt));
        t.add(c("view", x -> x[0].view(3, 2, 2), m));
        t.add(c("flatten", x -> x[0].flatten(1), Input.of(2, 3, 2)));
        t.add(c("unflatten", x -> x[0].unflatten(1, 2, 2), m));
        t.add(c("permute", x -> x[0].permute(2, 0, 1), Input.of(2, 3, 2)));
        t.add(c("transpose", x -> x[0].transpose(0, 1).mul(x[0].transpose(0, 1)), m));
        t.add(c("t", x -> x[0].t(), m));
        t.add(c("T", x -> x[0].T(), Input.of(2, 3, 4)));
        t.add(c("mT", x -> x[0].mT(), Input.of(2, 3, 4)));
        t.add(c("expand", x -> x[0].expand(2, 3, 4), col));
        t.add(c("expandAs", x -> x[0].expandAs(x[1]), row, m));
        t.add(c("slice step", x -> x[0].slice(1, 0, 4, 2), m));
        t.add(c("slice negative start", x -> x[0].slice(0, -2, 3, 1), mt));
        t.add(c("narrow", x -> x[0].narrow(1, 1, 2), m));
        t.add(c("select", x -> x[0].select(0, -1), m));
        t.add(c("squeeze", x -> x[0].squeeze(), Input.of(3, 1, 2)));
        t.add(c("squeeze dim", x -> x[0].squeeze(1), Input.of(3, 1, 2)));
        t.add(c("unsqueeze", x -> x[0].unsqueeze(1), m));
        t.add(c("chunk", x -> x[0].chunk(3, 1).get(2), Input.of(2, 7)));
        t.add(c("split", x -> x[0].split(new int[] {1, 3}, 1).get(1), m));
        t.add(c("split size", x -> x[0].split(2, 0).get(1), Input.of(3, 4)));
        t.add(c("flip", x -> x[0].flip(0, 1), m));
        t.add(c("repeat", x -> x[0].repeat(2, 1, 2), Input.of(2, 3)));
        t.add(c("contiguous", x -> x[0].contiguous(), mt));
        t.add(c("clone", x -> x[0].clone(), m));
        t.add(c("cat", x -> Tensors.cat(1, x[0], x[1].t()), m, Input.of(2, 3)));
        t.add(c("stack", x -> Tensors.stack(2, x[0], x[1]), m, m));
        // indexing
        t.add(c("gather", x -> x[0].gather(1, INDEX), Input.of(2, 4)));
        t.add(c("gather from a view with an offset", x -> x[0].narrow(0, 1, 2).gather(1, INDEX), Input.of(3, 4)));
        t.add(c("scatterAdd", x -> x[0].scatterAdd(1, INDEX, x[1]), Input.of(2, 4), Input.of(2, 3)));
        t.add(c("scatterAdd into a transposed tensor", x -> x[0].scatterAdd(1, INDEX, x[1]), Input.transposedOf(2, 4), Input.of(2, 3)));
        t.add(c("indexSelect", x -> x[0].indexSelect(0, Tensors.fromArray(new long[] {2, 0, 2}, 3)), m));
        t.add(c("sort values", x -> x[0].sort(1, true).values(), m));
        t.add(c("topk values", x -> x[0].topk(2, 1, false).values(), m));
        t.add(c("oneHot as weights", x -> x[0].mul(Tensors.fromArray(new long[] {1, 0, 3}, 3).oneHot(4)), m));
        // autograd utilities
        t.add(c("user Function", x -> new Multiply().apply(x[0], x[1]), m, row));
        t.add(c("checkpoint", x -> Checkpoint.checkpoint(y -> y[0].tanh().mul(y[1]), x[0], x[1]), m, row));
        return t;
    }

    /** Every case as listed, then again with strided inputs. */
    static Stream<Case> allCases() {
        List<Case> base = cases();
        return Stream.concat(base.stream(), base.stream().map(Case::strided).filter(java.util.Objects::nonNull));
    }

    @TestFactory
    Stream<DynamicTest> gradcheck() {
        return allCases().map(k -> DynamicTest.dynamicTest(k.name(), () -> GradCheck.gradcheck(k.f(), inputs(k))));
    }

    /** Like PyTorch's reentrant checkpoint, recomputed segments support first derivatives only. */
    private static final java.util.Set<String> FIRST_ORDER_ONLY = java.util.Set.of("checkpoint", "checkpoint (strided inputs)");

    @TestFactory
    Stream<DynamicTest> gradgradcheck() {
        return allCases().filter(k -> !FIRST_ORDER_ONLY.contains(k.name()))
                .map(k -> DynamicTest.dynamicTest(k.name(), () -> GradCheck.gradgradcheck(k.f(), inputs(k))));
    }

    @org.junit.jupiter.api.Test
    void stridedInputsReallyAreNonContiguousViews() {
        Tensor x = inputs(c("probe", y -> y[0], Input.slicedOf(3, 4)))[0];
        org.assertj.core.api.Assertions.assertThat(x.shape()).containsExactly(3, 4);
        org.assertj.core.api.Assertions.assertThat(x.isContiguous()).isFalse();
        org.assertj.core.api.Assertions.assertThat(x.stride()).containsExactly(10, 2);
        org.assertj.core.api.Assertions.assertThat(x.storageOffset()).isEqualTo(1);
    }

    private static Tensor[] inputs(Case k) {
        Generator gen = new Generator(k.name().hashCode());
        Tensor[] xs = new Tensor[k.inputs().length];
        for (int i = 0; i < xs.length; i++) {
            Input in = k.inputs()[i];
            Tensor x = sample(in.shape(), in.values(), gen);
            xs[i] = switch (in.layout()) {
                case CONTIGUOUS -> x;
                case TRANSPOSED -> x.t().contiguous().t();
                case SLICED -> {
                    // Every other element of a buffer twice as long in the last dim, from offset 1 (per row: 2n + 2 wide).
                    int[] wide = in.shape().clone();
                    wide[wide.length - 1] = 2 * wide[wide.length - 1] + 2;
                    Tensor buffer = Tensors.zeros(wide, DType.FLOAT64);
                    Tensor view = buffer.slice(-1, 1, 2 * in.shape()[in.shape().length - 1] + 1, 2);
                    view.copy_(x);
                    yield view;
                }
            };
            xs[i] = xs[i].detach().requiresGrad_(true);
        }
        return xs;
    }

    private static Tensor sample(int[] shape, Values values, Generator gen) {
        Tensor x = Tensors.randn(shape, gen).to(DType.FLOAT64);
        // Keep samples away from kinks (0 for abs/relu, +-0.5 for clamp) so finite differences are valid.
        x = Tensors.where(x.abs().lt(0.1), x.add(0.3), x);
        x = Tensors.where(x.abs().sub(0.5).abs().lt(0.05), x.add(0.1), x);
        if (values == Values.ANY) return x;
        x = x.abs().add(0.5);
        if (values == Values.POSITIVE) return x;
        double[] data = x.toDoubleArray();
        data[1] = 0;
        if (values == Values.TWO_ZEROS) data[2] = 0;
        return Tensors.fromArray(data, shape);
    }

    /** The lectures' example of a user-defined Function. */
    static final class Multiply extends dev.jgrad.autograd.Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return in[0].mul(in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor[] s = ctx.savedTensors();
            return new Tensor[] {grad.mul(s[1]), grad.mul(s[0])};
        }
    }
}
