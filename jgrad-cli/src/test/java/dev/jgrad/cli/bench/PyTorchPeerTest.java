package dev.jgrad.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jgrad.backend.cpu.Gemm;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
