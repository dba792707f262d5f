package dev.jgrad.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CpuStealTest {
    @Test
    void readsTheStealFieldOfTheAggregateCpuLine() {
        assertThat(CpuSteal.stealTicks("cpu  3233172 105705 212441 668923 2213 0 5344 48409 0 0")).isEqualTo(48409);
        assertThat(CpuSteal.stealTicks("cpu0 1 2 3 4 5 6 7 8 0 0")).isEqualTo(-1);
        assertThat(CpuSteal.stealTicks("cpu 1 2 3")).isEqualTo(-1);
        assertThat(CpuSteal.stealTicks("cpu 1 2 3 4 5 6 7 x 0 0")).isEqualTo(-1);
    }

    @Test
    void recordsStealAndWarnsOnlyAboveTheThreshold() {
        Map<String, Object> result = new HashMap<>(Map.of("workload", "lenet"));
        CpuSteal.start().record(result);
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) {
            assertThat(result).containsKeys("cpu_steal_s", "cpu_steal_fraction");
            assertThat((Double) result.get("cpu_steal_s")).isGreaterThanOrEqualTo(0.0);
        }
        result.put("cpu_steal_fraction", 0.12);
        assertThat(CpuSteal.warning(result, "pytorch")).isEqualTo(
                "the hypervisor took 12% of the CPU time while pytorch ran lenet; its ratios are unreliable, measure again");
        result.put("cpu_steal_fraction", 0.01);
        assertThat(CpuSteal.warning(result, "jgrad")).isNull();
        assertThat(CpuSteal.warning(Map.of("workload", "mlp"), "jgrad")).isNull();
    }
}
