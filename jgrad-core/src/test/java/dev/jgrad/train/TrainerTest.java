package dev.jgrad.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.data.Batch;
import dev.jgrad.data.DataLoader;
import dev.jgrad.data.LoaderOptions;
import dev.jgrad.data.TensorDataset;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.models.Mlp;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.lr.LinearLR;
import dev.jgrad.optim.lr.OneCycleLR;
import dev.jgrad.optim.lr.ReduceLROnPlateau;
import dev.jgrad.optim.lr.StepLR;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final int EPOCHS = 3;

    @TempDir
    Path dir;

    /** Three Gaussian blobs in 4-D: separable, so a small MLP learns them. */
    private static TensorDataset blobs(int n, long seed) {
        Generator gen = new Generator(seed);
        Tensor labels = Tensors.randint(0, 3, new int[] {n}, gen);
        Tensor centres = Tensors.tensor(new double[][] {{3, 0, 0, 0}, {0, 3, 0, 0}, {0, 0, 3, 0}}).to(dev.jgrad.tensor.DType.FLOAT32);
        Tensor inputs = centres.indexSelect(0, labels).add(Tensors.randn(new int[] {n, 4}, gen).mul(0.5));
        return new TensorDataset(inputs.contiguous(), labels);
    }

    /** A fresh model with dropout, optimiser, schedules and trainer; {@code gen} initialises the model and drives its dropout. */
    private record Setup(Module model, Trainer trainer) {}

    /** The learning-rate schedules the resume test runs with, by name. */
    private static final Map<String, BiConsumer<Trainer, Optimizer>> SCHEDULES = Map.of(
            "step per epoch", (t, opt) -> t.scheduler(new StepLR(opt, 1, 0.5), Trainer.SchedulerStep.EPOCH),
            "one cycle per batch", (t, opt) -> t.scheduler(OneCycleLR.builder(opt, 0.02, EPOCHS * 8).build(), Trainer.SchedulerStep.BATCH),
            // mode max on a falling training loss: a plateau every epoch, so the lr is halved every epoch
            "warm-up per batch, plateau per epoch", (t, opt) -> t.scheduler(new LinearLR(opt, 0.1, 1.0, 5), Trainer.SchedulerStep.BATCH)
                    .plateau(ReduceLROnPlateau.builder(opt).mode("max").patience(0).factor(0.5).build(), "loss"));

    private Setup setup(Path checkpoints, Generator gen) {
        return setup(checkpoints, gen, "step per epoch");
    }

    private Setup setup(Path checkpoints, Generator gen, String schedule) {
        Module model = new Mlp(new int[] {4, 16, 3}, ReLU::new, 0.2, gen);
        Optimizer opt = new Adam(model.parameters(), 0.01);
        TrainerOptions options = TrainerOptions.epochs(EPOCHS).withClipGradNorm(1.0).withLogEverySteps(2)
                .withCheckpoints(new CheckpointPolicy(checkpoints, 3, 2, Monitor.max("accuracy")));
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), opt, () -> new ClassificationMetrics(3, 2), options).generator(gen);
        SCHEDULES.get(schedule).accept(trainer, opt);
        return new Setup(model, trainer);
    }

    private static DataLoader<Batch> trainLoader() {
        return DataLoader.of(blobs(120, 1), LoaderOptions.of(16).withShuffle(3));
    }

    private static DataLoader<Batch> validationLoader() {
        return DataLoader.of(blobs(60, 2), LoaderOptions.of(32));
    }

    @Test
    void learnsSeparableBlobsAndReportsMetricsPerEpoch() throws IOException {
        Setup s = setup(dir.resolve("a"), new Generator(7));
        List<EpochResult> history = s.trainer().fit(trainLoader(), validationLoader());
        assertThat(history).hasSize(EPOCHS);
        assertThat(history.getLast().validation().get("accuracy")).isGreaterThan(0.9);
        assertThat(history.getLast().train().get("loss")).isLessThan(history.getFirst().train().get("loss"));
        assertThat(history.get(1).lr()).isEqualTo(0.01 * 0.25, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.trainer().step()).isEqualTo(EPOCHS * 8L);
        assertThat(s.trainer().steps()).hasSize(EPOCHS * 4);
        assertThat(CheckpointPolicy.stepFiles(dir.resolve("a"))).hasSize(2); // keepLast
        assertThat(dir.resolve("a").resolve(CheckpointPolicy.BEST)).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"step per epoch", "one cycle per batch", "warm-up per batch, plateau per epoch"})
    void resumingFromAMidEpochCheckpointGivesBitIdenticalWeightsAndMetrics(String schedule) throws IOException {
        Setup straight = setup(dir.resolve("straight"), new Generator(7), schedule);
        List<EpochResult> expected = straight.trainer().fit(trainLoader(), validationLoader());

        Setup interrupted = setup(dir.resolve("resumed"), new Generator(7), schedule);
        interrupted.trainer().addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(BatchProgress p) {
                if (p.epoch() == 2 && p.batch() == 5) throw new IllegalStateException("simulated crash");
            }
        });
        assertThatThrownBy(() -> interrupted.trainer().fit(trainLoader(), validationLoader())).hasMessage("simulated crash");
        Path latest = CheckpointPolicy.latest(dir.resolve("resumed")).orElseThrow();
        TrainState state = Checkpoints.read(latest);
        assertThat(state.epoch()).isEqualTo(1);
        assertThat(state.nextBatch()).isEqualTo(4); // step 12 = epoch 2, batch 4: inside the epoch

        Setup resumed = setup(dir.resolve("resumed"), new Generator(99), schedule);
        resumed.trainer().restore(state);
        List<EpochResult> actual = resumed.trainer().fit(trainLoader(), validationLoader());

        Map<String, Tensor> want = straight.model().stateDict(), got = resumed.model().stateDict();
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (String key : want.keySet()) assertThat(got.get(key).toFloatArray()).as(key).isEqualTo(want.get(key).toFloatArray());
        for (int e = 0; e < EPOCHS; e++) {
            assertThat(actual.get(e).train()).isEqualTo(expected.get(e).train());
            assertThat(actual.get(e).validation()).isEqualTo(expected.get(e).validation());
            assertThat(actual.get(e).lr()).isEqualTo(expected.get(e).lr());
        }
        assertThat(resumed.trainer().steps()).isEqualTo(straight.trainer().steps());
    }

    @Test
    void plateauCutsTheLrAfterAnEpochWithoutImprovement() {
        Setup s = setup(dir.resolve("plateau"), new Generator(7), "warm-up per batch, plateau per epoch");
        List<EpochResult> history = s.trainer().fit(trainLoader(), validationLoader());
        // warm-up done after 5 of 8 batches, so epoch 1 ends at lr 0.01 (its loss sets the best); each later epoch halves it
        double[] lrs = history.stream().mapToDouble(EpochResult::lr).toArray();
        assertThat(lrs).containsExactly(new double[] {0.01, 0.005, 0.0025}, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void earlyStoppingDecidesFromHistory() {
        EarlyStopping stop = new EarlyStopping(Monitor.min("loss"), 2, 0.01);
        List<EpochResult> history = List.of(epoch(1, 1.0), epoch(2, 0.5), epoch(3, 0.495), epoch(4, 0.6));
        assertThat(stop.shouldStop(history.subList(0, 3))).isFalse();
        assertThat(stop.shouldStop(history)).isTrue(); // 0.495 is not better than 0.5 by more than 0.01
        assertThat(Monitor.min("loss").bestIndex(history, 0)).isEqualTo(2);
        assertThatThrownBy(() -> new EarlyStopping(Monitor.min("loss"), 0, 0)).hasMessageContaining("patience must be >= 1, got 0");
    }

    private static EpochResult epoch(int n, double validationLoss) {
        return new EpochResult(n, Map.of("loss", 1.0), Map.of("loss", validationLoss), 0.1, 1, 1);
    }
}
