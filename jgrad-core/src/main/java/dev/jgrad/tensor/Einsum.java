package dev.jgrad.tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Einstein summation over one or two operands, composed from differentiable ops: each operand is
 * aligned to one axis per label (repeated labels take the diagonal), the operands are multiplied
 * with broadcasting, and labels missing from the output are summed away. Supports explicit
 * ({@code "ij,jk->ik"}) and implicit ({@code "ij,jk"}) output; no ellipsis.
 */
final class Einsum {
    private Einsum() {}

    static Tensor evaluate(String equation, Tensor... operands) {
        String eq = equation.replace(" ", "");
        String[] sides = eq.split("->", -1);
        String[] inputs = sides[0].split(",", -1);
        if (inputs.length != operands.length) {
            throw new IllegalArgumentException("einsum: equation '" + equation + "' names " + inputs.length + " operands, got " + operands.length);
        }
        if (eq.contains(".")) throw new IllegalArgumentException("einsum: ellipsis is not supported in '" + equation + "'");
        Map<Character, Integer> sizes = new LinkedHashMap<>();
        for (int o = 0; o < operands.length; o++) {
            String labels = inputs[o];
            if (labels.length() != operands[o].dim()) {
                throw new IllegalArgumentException("einsum: operand " + o + " has rank " + operands[o].dim() + " but '" + labels
                        + "' names " + labels.length() + " dims");
            }
            for (int i = 0; i < labels.length(); i++) {
                char c = labels.charAt(i);
                int size = operands[o].size(i);
                Integer prev = sizes.putIfAbsent(c, size);
                if (prev != null && prev != size && prev != 1 && size != 1) {
                    throw new IllegalArgumentException("einsum: label '" + c + "' has size " + prev + " and " + size + " in '" + equation + "'");
                }
                if (prev != null && prev == 1) sizes.put(c, size);
            }
        }
        String output;
        if (sides.length == 2) {
            output = sides[1];
        } else {
            StringBuilder sb = new StringBuilder();
            sizes.keySet().stream().sorted().forEach(c -> {
                if (sides[0].chars().filter(x -> x == c).count() == 1) sb.append(c);
            });
            output = sb.toString();
        }
        List<Character> all = new ArrayList<>(sizes.keySet());
        Tensor product = null;
        for (int o = 0; o < operands.length; o++) {
            Tensor aligned = align(operands[o], inputs[o], all, sizes);
            product = product == null ? aligned : product.mul(aligned);
        }
        List<Integer> summed = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (output.indexOf(all.get(i)) < 0) summed.add(i);
        Tensor r = summed.isEmpty() ? product : product.sum(summed.stream().mapToInt(Integer::intValue).toArray(), true);
        // r has one axis per label (size 1 where summed); order them as the output asks.
        int[] perm = new int[all.size()];
        int k = 0;
        for (char c : output.toCharArray()) {
            int idx = all.indexOf(c);
            if (idx < 0) throw new IllegalArgumentException("einsum: output label '" + c + "' does not appear in the inputs of '" + equation + "'");
            perm[k++] = idx;
        }
        for (int i : summed) perm[k++] = i;
        r = r.permute(perm);
        int[] outShape = new int[output.length()];
        for (int i = 0; i < outShape.length; i++) outShape[i] = r.size(i);
        return r.reshape(outShape);
    }

    /** The operand with one axis per label of {@code all}, in that order (size 1 where absent). */
    private static Tensor align(Tensor t, String labels, List<Character> all, Map<Character, Integer> sizes) {
        StringBuilder cur = new StringBuilder(labels);
        // Repeated labels: keep the diagonal of the first two occurrences until none repeat.
        for (int i = 0; i < cur.length(); i++) {
            int j = cur.indexOf(String.valueOf(cur.charAt(i)), i + 1);
            while (j >= 0) {
                int n = t.size(i);
                Tensor eye = Tensors.eye(n, n, t.dtype());
                int[] eyeShape = new int[t.dim()];
                java.util.Arrays.fill(eyeShape, 1);
                eyeShape[i] = n;
                eyeShape[j] = n;
                t = t.mul(eye.reshape(eyeShape)).sum(j, false);
                cur.deleteCharAt(j);
                j = cur.indexOf(String.valueOf(cur.charAt(i)), i + 1);
            }
        }
        int[] perm = new int[cur.length()];
        int[] target = new int[all.size()];
        int k = 0;
        for (int a = 0; a < all.size(); a++) {
            int pos = cur.indexOf(String.valueOf(all.get(a)));
            if (pos >= 0) {
                perm[k++] = pos;
                target[a] = t.size(pos);
            } else {
                target[a] = 1;
            }
        }
        return t.permute(perm).reshape(target);
    }
}
