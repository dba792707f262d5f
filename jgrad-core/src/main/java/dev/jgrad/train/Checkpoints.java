package dev.jgrad.train;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.io.AtomicFiles;
import dev.jgrad.io.Json;
import dev.jgrad.io.Safetensors;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint files: a {@link TrainState} as one safetensors file. Model tensors are stored under
 * {@code model/<state-dict key>}, optimiser and scheduler tensors under {@code state/<n>}; the
 * rest is JSON in the metadata entry {@value #METADATA_KEY}, where each tensor appears as
 * {@code {"$tensor": "state/<n>"}}. Files are written atomically (temp file, fsync, rename), so a
 * crash during a save leaves the previous checkpoint intact.
 *
 * <pre>{@code
 * Checkpoints.write(runDir.resolve("checkpoints/step-000500.ckpt"), trainer.state(info));
 * trainer.restore(Checkpoints.read(file));
 * }</pre>
 */
public final class Checkpoints {
    /** The metadata entry holding the JSON part of the state. */
    public static final String METADATA_KEY = "jgrad.checkpoint";
    private static final String FORMAT_VERSION = "1";
    private static final String MODEL_PREFIX = "model/";
    private static final String TENSOR_REF = "$tensor";

    private Checkpoints() {}

    /** What the metadata JSON holds: the state without model tensors, with tensors replaced by references. */
    private record Header(String version, int epoch, int nextBatch, long step, Map<Integer, Map<String, Object>> optimizerState,
            List<Map<String, Object>> optimizerGroups, Map<String, Object> scheduler, Map<String, Object> plateau, long[] rng, Map<String, Object> partialMetrics,
            List<EpochResult> history, List<StepRecord> steps, Map<String, String> info) {}

    public static void write(Path file, TrainState state) throws IOException {
        byte[] bytes = toBytes(state);
        AtomicFiles.write(file, bytes);
    }

    /** The bytes {@link #write} puts in the file. */
    public static byte[] toBytes(TrainState state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        state.model().forEach((k, t) -> tensors.put(MODEL_PREFIX + k, t));
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, Object>> optimizerState = (Map<Integer, Map<String, Object>>) externalize(state.optimizer().state(), tensors);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) externalize(state.optimizer().paramGroups(), tensors);
        @SuppressWarnings("unchecked")
        Map<String, Object> scheduler = (Map<String, Object>) externalize(state.scheduler(), tensors);
        Header header = new Header(FORMAT_VERSION, state.epoch(), state.nextBatch(), state.step(), optimizerState, groups, scheduler,
                state.plateau(), state.rng(), state.partialMetrics(), state.history(), state.steps(), state.info());
        return Safetensors.toBytes(tensors, Map.of(METADATA_KEY, Json.toJson(header)));
    }

    /** Reads a checkpoint; a damaged or foreign file raises {@link CorruptDataException} naming it and the fault. */
    public static TrainState read(Path file) throws IOException {
        Safetensors.Content content = Safetensors.load(file);
        String json = content.metadata().get(METADATA_KEY);
        if (json == null) throw new CorruptDataException(file + ": not a jgrad checkpoint (no \"" + METADATA_KEY + "\" metadata)");
        Header h;
        try {
            h = Json.fromJson(json, new TypeReference<Header>() {});
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(file + ": damaged checkpoint metadata: " + e.getMessage(), e);
        }
        if (!FORMAT_VERSION.equals(h.version())) {
            throw new CorruptDataException(file + ": checkpoint format version " + h.version() + " is not supported (expected " + FORMAT_VERSION + ")");
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        content.tensors().forEach((k, t) -> {
            if (k.startsWith(MODEL_PREFIX)) model.put(k.substring(MODEL_PREFIX.length()), t);
        });
        Map<String, Tensor> tensors = content.tensors();
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, Object>> optimizerState = (Map<Integer, Map<String, Object>>) internalize(h.optimizerState(), tensors, file);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) internalize(h.optimizerGroups(), tensors, file);
        @SuppressWarnings("unchecked")
        Map<String, Object> scheduler = (Map<String, Object>) internalize(h.scheduler(), tensors, file);
        return new TrainState(h.epoch(), h.nextBatch(), h.step(), model, new OptimizerState(optimizerState, groups), scheduler, h.plateau(), h.rng(),
                h.partialMetrics(), h.history(), h.steps(), h.info());
    }

    /** A copy of {@code value} with every tensor moved into {@code tensors} and replaced by a reference. */
    private static Object externalize(Object value, Map<String, Tensor> tensors) {
        if (value instanceof Tensor t) {
            String name = "state/" + tensors.size();
            tensors.put(name, t);
            return Map.of(TENSOR_REF, name);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) out.add(externalize(v, tensors));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, externalize(v, tensors)));
            return out;
        }
        return value;
    }

    /**
     * Undoes {@link #externalize}; JSON integers come back as Long, which is what optimiser state
     * uses for counters (and what every reader of scheduler state accepts as a Number).
     */
    private static Object internalize(Object value, Map<String, Tensor> tensors, Path file) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get(TENSOR_REF) instanceof String name) {
            Tensor t = tensors.get(name);
            if (t == null) throw new CorruptDataException(file + ": checkpoint refers to tensor \"" + name + "\", which the file does not hold");
            return t;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) out.add(internalize(v, tensors, file));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, internalize(v, tensors, file)));
            return out;
        }
        if (value instanceof Integer i) return i.longValue();
        return value;
    }
}
