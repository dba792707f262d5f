package dev.jgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.io.Json;
import dev.jgrad.io.Safetensors;
import dev.jgrad.nn.models.LeNet5;
import dev.jgrad.nn.models.Mlp;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static ModelInfo info(String architecture) {
        return new ModelInfo(architecture, new int[] {1, 28, 28}, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                Map.of("dataset", List.of("bundled-mnist")), new double[] {0.13}, new double[] {0.31}, 500, Map.of("accuracy", 0.97));
    }

    /** tools/fixtures/gen_lenet.py: a LeNet-5 state dict written from PyTorch, with an input and PyTorch's logits for it. */
    @Test
    void loadsWeightsWrittenByPyTorchAndComputesTheSameLogits() throws IOException {
        Safetensors.Content torch;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/lenet_torch.safetensors")) {
            torch = Safetensors.fromBytes(in.readAllBytes(), "lenet_torch.safetensors");
        }
        var model = new LeNet5(1, 28, 10, new Generator(1));
        assertThat(model.loadStateDict(torch.tensors(), true).missingKeys()).isEmpty();
        model.eval();
        Tensor input = tensor(torch.metadata().get("input"));
        float[] expected = tensor(torch.metadata().get("logits")).toFloatArray();
        float[] actual;
        try (var noGrad = Autograd.noGrad()) {
            actual = model.call(input).toFloatArray();
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
    }

    private static Tensor tensor(String json) {
        Map<String, Object> m = Json.toMap(json);
        int[] shape = ((List<?>) m.get("shape")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        double[] data = ((List<?>) m.get("data")).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        return Tensors.fromArray(data, shape).to(dev.jgrad.tensor.DType.FLOAT32);
    }

    @Test
    void savesAndRebuildsAZooModelWithItsMetadata() throws IOException {
        var model = new LeNet5(1, 28, 10, new Generator(5));
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, model, info("lenet"));
        assertThat(Safetensors.load(file).metadata()).containsEntry("format", "pt");
        ModelFile.Loaded loaded = ModelFile.load(file);
        assertThat(loaded.info().classes()).hasSize(10);
        assertThat(loaded.info().mean()).containsExactly(0.13);
        assertThat(loaded.info().metrics()).containsEntry("accuracy", 0.97);
        assertThat(loaded.model().isTraining()).isFalse();
        assertThat(loaded.model().stateDict().get("0.weight").toFloatArray()).isEqualTo(model.stateDict().get("0.weight").toFloatArray());
    }

    @Test
    void foreignOrMismatchedFilesAreErrorsNamingTheFile() throws IOException {
        Path plain = dir.resolve("plain.safetensors");
        Safetensors.save(new LeNet5().stateDict(), plain);
        assertThatThrownBy(() -> ModelFile.load(plain)).isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith(plain + ": not a jgrad model file");
        Path mismatched = dir.resolve("mlp.safetensors");
        ModelFile.save(mismatched, new Mlp(784, 256, 10), info("lenet"));
        assertThatThrownBy(() -> ModelFile.load(mismatched)).isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith(mismatched + ": weights do not fit a lenet model");
    }
}
