package dev.jgrad.autograd;

import dev.jgrad.tensor.BufferPool;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs backward: visits the nodes reachable from the roots in reverse creation order, gives each
 * the sum of the gradients of its output, reduces broadcast gradients back to each input's shape
 * and accumulates into leaves (or into the results of {@link Autograd#grad}).
 */
final class Engine {
    private Engine() {}

    /**
     * @param inputs when non-null, gradients are returned for these tensors instead of being
     *               accumulated into leaves' {@code .grad}
     */
    static Tensor[] run(Tensor[] roots, Tensor[] rootGrads, boolean retainGraph, boolean createGraph,
                        Tensor[] inputs, boolean allowUnused) {
        Pass pass = new Pass(retainGraph, createGraph, inputs);
        // Gradients that record a graph are part of it, so only a pass without one recycles them.
        try (GradMode.Scope ignored = GradMode.set(createGraph); BufferPool.Scope pool = createGraph ? null : BufferPool.open()) {
            pass.pool = pool;
            pass.seed(roots, rootGrads);
            for (Node node : topologicalOrder(roots)) pass.visit(node);
            pass.deliver();
        }
        return pass.inputGradients(allowUnused);
    }

    /**
     * The state of one backward pass. Its steps are methods of their own, not one loop body: the
     * JIT compiled a single method with all of them inlined in 0.4-0.6 s of a compiler thread,
     * late in a cold run, and while it did the passes around it ran short of a core.
     */
    private static final class Pass {
        final boolean retainGraph, createGraph;
        final Tensor[] inputs, results;
        final Map<Node, Tensor> pending = new IdentityHashMap<>();
        // Leaf gradients are summed first so hooks see each leaf's total once, like PyTorch.
        final Map<Tensor, Tensor> leafGrads = new LinkedHashMap<>();
        // Leaf gradients that only this run refers to, which a leaf may keep without a copy.
        final Set<Tensor> unshared = Collections.newSetFromMap(new IdentityHashMap<>());
        final Map<Tensor, Tensor> leafResults = new IdentityHashMap<>();
        final Map<Node, Integer> capture = new IdentityHashMap<>();
        BufferPool.Scope pool;

        Pass(boolean retainGraph, boolean createGraph, Tensor[] inputs) {
            this.retainGraph = retainGraph;
            this.createGraph = createGraph;
            this.inputs = inputs;
            results = inputs == null ? null : new Tensor[inputs.length];
            if (inputs != null) {
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (!in.requiresGrad()) {
                        throw new IllegalArgumentException("grad: input " + i + " does not require grad");
                    }
                    if (in.gradFn() != null) capture.put(in.gradFn(), i);
                    else leafResults.put(in, null);
                }
            }
        }

        void seed(Tensor[] roots, Tensor[] rootGrads) {
            for (int i = 0; i < roots.length; i++) {
                Tensor root = roots[i];
                if (!root.requiresGrad()) {
                    throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
                }
                Tensor g = rootGrads[i];
                if (root.gradFn() == null) {
                    leafGrads.merge(root, g, Tensor::add);
                } else {
                    pending.merge(root.gradFn(), g, Tensor::add);
                }
            }
        }

        void visit(Node node) {
            Tensor grad = pending.remove(node);
            if (grad == null) return;
            // What a hook, a retained .grad, the caller or user code sees may be kept: never recycled.
            boolean seen = node.hooks != null || node.retainedOutput != null || capture.containsKey(node) || node.opaque;
            if (seen && pool != null) pool.forget(grad);
            if (node.hooks != null) {
                for (UnaryOperator<Tensor> h : node.hooks) {
                    Tensor r = h.apply(grad);
                    if (r != null) grad = r;
                }
                if (pool != null) pool.forget(grad);
            }
            if (node.retainedOutput != null) {
                Tensor out = node.retainedOutput;
                out.setGrad(out.grad() == null ? (createGraph ? grad : grad.detach()) : out.grad().add(grad).detach());
            }
            Integer slot = capture.get(node);
            if (slot != null) results[slot] = grad;
            Tensor[] inputGrads = node.apply(grad);
            if (!retainGraph) node.release();
            for (int i = 0; i < node.next.length; i++) {
                if (node.inputShapes[i] == null || i >= inputGrads.length || inputGrads[i] == null) continue;
                handOn(node, i, inputGrads[i]);
            }
            if (!seen) recycle(grad);
        }

        /** Hands input i's gradient of a node on: to the node that made the input, or to its leaf. */
        private void handOn(Node node, int i, Tensor inputGrad) {
            Tensor g = inputGrad.sumTo(node.inputShapes[i]);
            if (g.dtype() != node.inputTypes[i]) g = g.to(node.inputTypes[i]);
            if (GradMode.isAnomalyEnabled()) checkFinite(node, i, g);
            if (node.opaque && pool != null) pool.forget(g);
            if (node.next[i] != null) addPending(node.next[i], g);
            else accumulateLeafGrad(node.leaves[i], g, node.newGradients);
        }

        /** Adds g to the gradient pending for a node; a sum replaces both terms, which are recycled. */
        private void addPending(Node node, Tensor g) {
            Tensor old = pending.get(node);
            if (old == null) {
                pending.put(node, g);
                return;
            }
            pending.put(node, old.add(g));
            recycle(old);
            recycle(g);
        }

        /**
         * Gives a consumed gradient's array back to the pool unless a pending gradient or a leaf's
         * shares its storage (rules may pass a gradient on as it is, or as a view). Gradients seen
         * outside the engine were made permanent before, so the pool ignores them.
         */
        private void recycle(Tensor grad) {
            if (pool == null) return;
            Object storage = grad.storage();
            for (Tensor t : pending.values()) if (t.storage() == storage) return;
            for (Tensor t : leafGrads.values()) if (t.storage() == storage) return;
            pool.release(grad);
        }

        /** Adds g to the leaf's pending gradient; a sum, or a new gradient of a node, belongs to this run alone. */
        private void accumulateLeafGrad(Tensor leaf, Tensor g, boolean newGradient) {
            Tensor old = leafGrads.get(leaf);
            Tensor total = old == null ? g : old.add(g);
            leafGrads.put(leaf, total);
            if (old != null || newGradient) unshared.add(total);
        }

        void deliver() {
            leafGrads.forEach((leaf, g) -> deliverToLeaf(leaf, g, unshared.contains(g), createGraph, leafResults, inputs != null));
        }

        Tensor[] inputGradients(boolean allowUnused) {
            if (inputs == null) return null;
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].gradFn() == null) results[i] = leafResults.get(inputs[i]);
                if (results[i] == null && !allowUnused) {
                    throw new IllegalArgumentException("grad: input " + i + " " + inputs[i].describe()
                            + " was not used in the graph; pass allowUnused=true if this is expected");
                }
            }
            return results;
        }
    }

    private static void deliverToLeaf(Tensor leaf, Tensor g, boolean unshared, boolean createGraph, Map<Tensor, Tensor> results,
                                      boolean functional) {
        // A hook may keep the gradient it is given, so after hooks it counts as shared.
        unshared &= !leaf.hasGradHooks();
        g = leaf.runGradHooks(g);
        if (functional) {
            if (results.containsKey(leaf)) results.put(leaf, g);
            return;
        }
        Tensor old = leaf.grad();
        if (createGraph) {
            leaf.setGrad(old == null ? g : old.add(g));
        } else if (old == null) {
            // A copy unless nothing else can see the gradient: it may be shared with other leaves or the caller.
            leaf.setGrad(unshared ? g : g.detach().clone());
        } else {
            old.add_(g.detach());
        }
    }

    private static void checkFinite(Node node, int input, Tensor g) {
        if (!g.isFinite()) {
            throw new IllegalStateException("Function '" + node.name + "Backward' returned nan or inf values in its "
                    + input + "th output. The forward op '" + node.name + "' was created at:" + node.site());
        }
    }

    /** All nodes reachable from the roots, latest first: a valid order since inputs are always older. */
    static List<Node> topologicalOrder(Tensor[] roots) {
        List<Node> nodes = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Tensor r : roots) {
            if (r.gradFn() != null && seen.put(r.gradFn(), true) == null) stack.push(r.gradFn());
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            nodes.add(n);
            for (Node m : n.next) {
                if (m != null && seen.put(m, true) == null) stack.push(m);
            }
        }
        nodes.sort(Collections.reverseOrder((a, b) -> Long.compare(a.sequence, b.sequence)));
        return nodes;
    }
}
