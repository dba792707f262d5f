package dev.jgrad.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
}
