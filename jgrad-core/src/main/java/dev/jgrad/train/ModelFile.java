package dev.jgrad.train;

import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.io.Json;
import dev.jgrad.io.Safetensors;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.models.Models;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model files: the state dict in safetensors with PyTorch's key names (so
 * {@code safetensors.torch.load_file} and {@code model.load_state_dict} read it), plus the
 * {@link ModelInfo} as JSON in the metadata entry {@value #METADATA_KEY}.
 *
 * <pre>{@code
 * ModelFile.save(runDir.resolve("model.safetensors"), model, info);
 * ModelFile.Loaded m = ModelFile.load(Path.of("runs/lenet/model.safetensors"));
 * Tensor logits = m.model().call(images);
 * }</pre>
 */
public final class ModelFile {
    public static final String METADATA_KEY = "jgrad.model";

    private ModelFile() {}

    /** A model rebuilt from its file (in eval mode) and what the file says about it. */
    public record Loaded(Module model, ModelInfo info) {}

    public static void save(Path file, Module model, ModelInfo info) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(METADATA_KEY, Json.toJson(info));
        Safetensors.save(model.stateDict(), metadata, file);
    }

    /** Reads the file, builds its zoo architecture and loads the weights (strictly: every key must match). */
    public static Loaded load(Path file) throws IOException {
        Safetensors.Content content = Safetensors.load(file);
        ModelInfo info = info(file, content.metadata());
        int[] shape = info.inputShape();
        if (shape[1] != shape[2]) throw new CorruptDataException(file + ": model input must be square, got " + shape[1] + "x" + shape[2]);
        Module model = Models.create(info.architecture(), shape[0], shape[1], info.classes().size(), new Generator(0));
        Map<String, Tensor> state = content.tensors();
        try {
            model.loadStateDict(state, true);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CorruptDataException(file + ": weights do not fit a " + info.architecture() + " model: " + e.getMessage(), e);
        }
        model.eval();
        return new Loaded(model, info);
    }

    private static ModelInfo info(Path file, Map<String, String> metadata) {
        String json = metadata.get(METADATA_KEY);
        if (json == null) {
            throw new CorruptDataException(file + ": not a jgrad model file (no \"" + METADATA_KEY
                    + "\" metadata); load a plain state dict with Safetensors.load and Module.loadStateDict");
        }
        try {
            return Json.fromJson(json, ModelInfo.class);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(file + ": damaged model metadata: " + e.getMessage(), e);
        }
    }
}
