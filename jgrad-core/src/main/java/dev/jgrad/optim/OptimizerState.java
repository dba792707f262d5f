package dev.jgrad.optim;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of an optimiser, laid out like PyTorch's {@code optimizer.state_dict()}:
 * <ul>
 *   <li>{@code state}: per parameter index (numbered across groups in order, as PyTorch does) a
 *       map such as {@code {"step": 12L, "exp_avg": Tensor, "exp_avg_sq": Tensor}}; parameters
 *       that have never been stepped have no entry;</li>
 *   <li>{@code paramGroups}: per group its hyper-parameters plus {@code "params"}, the
 *       {@code List<Integer>} of its parameter indices.</li>
 * </ul>
 * Every value is a {@link Number} (Long for counters, Double otherwise), a Boolean, a String, a
 * {@link dev.jgrad.tensor.Tensor}, null, or a List/Map of those, so checkpoint code can
 * serialise it. The tensors are copies: stepping the optimiser does not change a snapshot.
 */
public record OptimizerState(Map<Integer, Map<String, Object>> state, List<Map<String, Object>> paramGroups) {}
