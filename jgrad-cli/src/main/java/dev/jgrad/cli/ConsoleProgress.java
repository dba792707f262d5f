package dev.jgrad.cli;

import dev.jgrad.train.BatchProgress;
import dev.jgrad.train.EpochResult;
import dev.jgrad.train.TrainingListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on the console: on a terminal, a progress bar per epoch (ETA, running loss
 * and accuracy, images/s); otherwise (CI, a pipe) a plain line every tenth of an epoch. Both print
 * one summary line per epoch.
 */
final class ConsoleProgress implements TrainingListener {
    private static final int PLAIN_LINES_PER_EPOCH = 10;

    private final PrintWriter out;
    private final boolean terminal;
    private ProgressBar bar;
    private long started;

    ConsoleProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Whether standard output is an interactive terminal (not a file, pipe or CI log). */
    static boolean stdoutIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void onEpochStart(int epoch, int numBatches, int firstBatch) {
        started = System.nanoTime();
        if (!terminal) return;
        out.flush();
        bar = new ProgressBarBuilder()
                .setTaskName("epoch " + epoch)
                .setInitialMax(numBatches)
                .startsFrom(firstBatch, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(System.out))
                .build();
    }

    @Override
    public void onBatchEnd(BatchProgress p) {
        String stats = stats(p.running()) + String.format(Locale.ROOT, "  %.0f img/s", p.samplesPerSecond());
        if (terminal) {
            bar.stepTo(p.batch());
            bar.setExtraMessage(stats);
            return;
        }
        int every = Math.max(1, p.numBatches() / PLAIN_LINES_PER_EPOCH);
        if (p.batch() % every == 0 && p.batch() < p.numBatches()) {
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "epoch %d/%d  batch %d/%d  %s  ETA %s%n", p.epoch(), p.epochs(), p.batch(), p.numBatches(), stats,
                    duration(seconds / p.batch() * (p.numBatches() - p.batch())));
            out.flush();
        }
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        String validation = r.validation().isEmpty() ? "" : " | held-out " + stats(r.validation());
        out.printf(Locale.ROOT, "epoch %d: train %s%s | lr %.3g | %.1fs, %.0f img/s%n", r.epoch(), stats(r.train()), validation, r.lr(),
                r.seconds(), r.samplesPerSecond());
        out.flush();
    }

    private static String stats(Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", metrics.get("loss")));
        if (metrics.containsKey("accuracy")) s.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * metrics.get("accuracy")));
        return s.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
