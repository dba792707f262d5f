package dev.jgrad.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.backend.cpu.Gemm;
import dev.jgrad.io.Safetensors;
import dev.jgrad.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyTorchPeerTest {
    @Test
    void aPeerWithoutOpenBlasIsFlaggedAndOneWithItIsNot() {
        Map<String, Object> reference = Map.of("openblas", Map.of("error", "libopenblas.so.0: cannot open shared object file"));
        assertThat(PyTorchPeer.unfairness(reference)).contains("reference BLAS", "libopenblas0-pthread", "libopenblas.so.0");
        Map<String, Object> openBlas = Map.of("openblas", Map.of("config", "OpenBLAS 0.3.21 DYNAMIC_ARCH", "threads", 2));
        assertThat(PyTorchPeer.unfairness(openBlas)).isNull();
        assertThat(PyTorchPeer.unfairness(Map.of("workload", "mlp"))).isNull();
    }

    @Test
    void aPeerOnGenericKernelsIsFlaggedWhenJgradsOpenBlasFoundBetterOnes() {
        Map<String, Object> generic = Map.of("openblas", Map.of("corename", "Prescott", "threads", 2));
        String core = Gemm.nativeCoreName();
        assertThat(core).as("bundled OpenBLAS loads on linux-x86_64").isNotBlank();
        if (core.equals("Prescott")) {
            assertThat(PyTorchPeer.unfairness(generic)).isNull();
        } else {
            assertThat(PyTorchPeer.unfairness(generic)).contains("Prescott", core, "OPENBLAS_CORETYPE");
        }
        assertThat(PyTorchPeer.unfairness(Map.of("openblas", Map.of("corename", core)))).isNull();
    }

    @Test
    void thePeerIsGivenTheParametersJgradStartsFromUnderTheirLayerNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("init.safetensors");
        PyTorchPeer.writeInitialParameters(Workload.parse("resnet"), 7, file);
        Map<String, Tensor> written = Safetensors.load(file).tensors();
        Map<String, Tensor> jgrads = Workload.parse("resnet").model(7).namedParameters();
        // PyTorch's SmallResNet names its layers alike (tools/bench/pytorch_bench.py).
        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(jgrads.keySet())
                .contains("stem.0.weight", "layers.2.short.0.weight", "layers.5.b2.bias", "fc.weight");
        jgrads.forEach((name, t) -> assertThat(written.get(name).toFloatArray()).as(name).containsExactly(t.toFloatArray()));
        Map<String, Tensor> otherSeed = Workload.parse("resnet").model(8).namedParameters();
        assertThat(written.get("fc.weight").toFloatArray()).isNotEqualTo(otherSeed.get("fc.weight").toFloatArray());
    }
}
