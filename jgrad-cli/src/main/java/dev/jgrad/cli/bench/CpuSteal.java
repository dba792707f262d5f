package dev.jgrad.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * CPU time that the hypervisor gave to other guests ("steal" in /proc/stat) while one side of a
 * comparison ran. On shared virtual machines it slows that side without showing in its own
 * numbers: 30 % steal for minutes at a time has been seen on an otherwise idle machine.
 */
public final class CpuSteal {
    /** Above this fraction of all CPUs' wall time stolen, a comparison is flagged. */
    static final double WARN_FRACTION = 0.05;
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/stat on Linux

    private final long startTicks, startNanos;

    private CpuSteal(long startTicks, long startNanos) {
        this.startTicks = startTicks;
        this.startNanos = startNanos;
    }

    public static CpuSteal start() {
        return new CpuSteal(ticks(), System.nanoTime());
    }

    /**
     * Puts {@code cpu_steal_s} (seconds stolen since start, all CPUs together) and
     * {@code cpu_steal_fraction} (of all CPUs' wall time) into a run's result; nothing where
     * /proc/stat cannot be read.
     */
    public void record(Map<String, Object> result) {
        long now = ticks();
        if (startTicks < 0 || now < startTicks) return;
        double seconds = (now - startTicks) / TICKS_PER_SECOND, wall = (System.nanoTime() - startNanos) / 1e9;
        result.put("cpu_steal_s", BenchRun.round(seconds, 2));
        result.put("cpu_steal_fraction", BenchRun.round(seconds / (wall * Runtime.getRuntime().availableProcessors()), 3));
    }

    /** A warning when a run's recorded steal is over {@link #WARN_FRACTION}, else null. */
    public static String warning(Map<String, Object> result, String side) {
        double fraction = BenchTable.number(result, "cpu_steal_fraction");
        if (!(fraction > WARN_FRACTION)) return null;
        return String.format("the hypervisor took %.0f%% of the CPU time while %s ran %s; its ratios are unreliable, measure again",
                100 * fraction, side, result.get("workload"));
    }

    private static long ticks() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            return lines.findFirst().map(CpuSteal::stealTicks).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The steal field of /proc/stat's aggregate "cpu" line (the eighth number), or -1 if it has none. */
    static long stealTicks(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (fields.length < 9 || !fields[0].equals("cpu")) return -1;
        try {
            return Long.parseLong(fields[8]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
