package dev.jgrad.cli;

import dev.jgrad.backend.cpu.Parallel;
import dev.jgrad.data.Batch;
import dev.jgrad.data.DataLoader;
import dev.jgrad.data.transforms.Compose;
import dev.jgrad.data.transforms.RandomAffine;
import dev.jgrad.data.transforms.RandomCrop;
import dev.jgrad.data.transforms.RandomHorizontalFlip;
import dev.jgrad.data.transforms.Transform;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.models.Models;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.tensor.Generator;
import dev.jgrad.train.CheckpointPolicy;
import dev.jgrad.train.Checkpoints;
import dev.jgrad.train.ClassificationMetrics;
import dev.jgrad.train.EarlyStopping;
import dev.jgrad.train.EpochResult;
import dev.jgrad.train.MetricsFiles;
import dev.jgrad.train.ModelFile;
import dev.jgrad.train.ModelInfo;
import dev.jgrad.train.Monitor;
import dev.jgrad.train.TrainState;
import dev.jgrad.train.Trainer;
import dev.jgrad.train.TrainerOptions;
import dev.jgrad.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jgrad train}: trains a zoo model on a dataset and writes a run folder. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "Train a zoo model on a dataset and write a run folder.",
            "The folder holds model.safetensors, metrics.csv, metrics.jsonl, the",
            "loss/accuracy/lr plots, config.json, summary.txt and checkpoints/.",
            "With no options: LeNet-5 on the bundled 10,000 MNIST digits",
            "(8,000 train, 2,000 held out).",
            ""
        },
        footer = {"", "Examples:", "  jgrad train", "  jgrad train --dataset fashion-mnist --model cnn --epochs 10",
            "  jgrad train --optimizer sgd --lr 0.1 --nesterov --schedule onecycle",
            "  jgrad train --schedule multistep --milestones 5,8 --gamma 0.2 --warmup 200",
            "  jgrad train --config run.yaml --epochs 3", "  jgrad train --resume runs/lenet-bundled-mnist-20250101-120000"})
final class TrainCommand implements Callable<Integer> {
    /** Batch size of held-out evaluation, saved in the model file so that {@code eval} sees the same batches. */
    static final int EVAL_BATCH_SIZE = 500;
    /** The zoo's classifiers (the zoo's "unet" predicts per pixel, which this command does not train). */
    private static final List<String> CLASSIFIERS = Models.names().stream().filter(name -> !name.equals("unet")).toList();
    private static final List<String> AUGMENTATIONS = List.of("auto", "none", "affine", "crop-flip");
    /** Options that may accompany --resume (everything else comes from the run's config.json). */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--threads", "--debug");

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "lenet",
            description = "Zoo model: logreg, svm, mlp, lenet, cnn, resnet, resnet18 (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dataset", arity = "1..2", paramLabel = "NAME [PATH]", hideParamSyntax = true,
            description = "bundled-mnist (default), fashion-mnist [DIR], idx DIR, cifar10 DIR, folder DIR (train/ and test/ "
                    + "class folders), csv FILE (header, class index in the last column).")
    List<String> dataset;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Training batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "sgd, adam, adamw, rmsprop, adagrad, adadelta, nadam, radam (default: ${DEFAULT-VALUE}). The options below "
                    + "set its hyper-parameters (PyTorch's names and defaults); giving one the optimiser does not take is an error.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate; the peak one with a schedule (default: 0.003 for adam, adamw, nadam, radam; "
            + "0.05 for sgd; 0.001 for rmsprop; 0.01 for adagrad; 1.0 for adadelta).")
    Double lr;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "M", description = "sgd, rmsprop: momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--nesterov", arity = "0..1", paramLabel = "BOOL", description = "sgd: Nesterov momentum.")
    boolean nesterov;

    @Option(names = "--dampening", paramLabel = "D", description = "sgd: dampening of the momentum (default 0).")
    Double dampening;

    @Option(names = "--betas", split = ",", paramLabel = "B1,B2", hideParamSyntax = true, description = "adam, adamw, nadam, radam: decay rates of the moment estimates (default 0.9,0.999).")
    List<Double> betas;

    @Option(names = "--eps", paramLabel = "EPS", description = "All but sgd: term added to the denominator (default: adam family 1e-8, rmsprop 1e-8, adagrad 1e-10, adadelta 1e-6).")
    Double eps;

    @Option(names = "--amsgrad", arity = "0..1", paramLabel = "BOOL", description = "adam, adamw: the AMSGrad variant.")
    Boolean amsgrad;

    @Option(names = "--alpha", paramLabel = "A", description = "rmsprop: smoothing constant (default 0.99).")
    Double alpha;

    @Option(names = "--centered", arity = "0..1", paramLabel = "BOOL", description = "rmsprop: normalise by the centred second moment.")
    Boolean centered;

    @Option(names = "--rho", paramLabel = "RHO", description = "adadelta: decay rate of the squared gradients (default 0.9).")
    Double rho;

    @Option(names = "--lr-decay", paramLabel = "D", description = "adagrad: learning-rate decay (default 0).")
    Double lrDecay;

    @Option(names = "--initial-accumulator", paramLabel = "VALUE", description = "adagrad: initial accumulator value (default 0).")
    Double initialAccumulator;

    @Option(names = "--momentum-decay", paramLabel = "D", description = "nadam: momentum decay (default 0.004).")
    Double momentumDecay;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "WD", description = "All: weight decay (adamw: decoupled; default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", defaultValue = "cosine", paramLabel = "NAME", description = "Learning-rate schedule (default: "
            + "${DEFAULT-VALUE}); all but plateau step every batch. constant; cosine: to 0 at the end; cosine-restarts: cosine to 0 "
            + "within each period of --restart-every epochs, then back to --lr; step: times --gamma at each third of the run; "
            + "multistep: times --gamma after each of --milestones; exponential: times --gamma per epoch; linear: straight to 0 at "
            + "the end; inverse-sqrt: --lr for one epoch, then --lr/sqrt(epochs done); onecycle: from --lr/25 up to --lr over 30%% "
            + "of the steps, then down to --lr/250000, momentum (or beta1) cycling the other way; plateau: times --plateau-factor "
            + "after more than --plateau-patience epochs without a better held-out loss (stepped after each epoch).")
    String schedule;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "STEPS",
            description = "Linear warm-up from --lr/STEPS to --lr over the first STEPS batches (optimiser steps, not epochs), then the "
                    + "schedule, whose clock starts there (default: ${DEFAULT-VALUE}; not with onecycle, which warms up by itself).")
    int warmup;

    @Option(names = "--gamma", paramLabel = "G", description = "step, multistep: lr factor at each cut (default 0.1); exponential: per epoch (default 0.9).")
    Double gamma;

    @Option(names = "--milestones", split = ",", paramLabel = "E1,E2,...", hideParamSyntax = true, description = "multistep: epochs after which the lr is cut "
            + "(default: half and three quarters of --epochs).")
    List<Integer> milestones;

    @Option(names = "--restart-every", paramLabel = "EPOCHS", description = "cosine-restarts: length of the first period (default: a third of --epochs).")
    Integer restartEvery;

    @Option(names = "--restart-mult", paramLabel = "N", description = "cosine-restarts: each period is N times longer than the one before (default 1).")
    Integer restartMult;

    @Option(names = "--plateau-factor", paramLabel = "F", description = "plateau: lr factor at each cut (default 0.1).")
    Double plateauFactor;

    @Option(names = "--plateau-patience", paramLabel = "EPOCHS", description = "plateau: epochs without improvement that are tolerated (default 2).")
    Integer plateauPatience;

    @Option(names = "--clip-grad-norm", defaultValue = "0", paramLabel = "NORM", description = "Clip the gradients' global L2 norm (0 = off).")
    double clipGradNorm;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "EPOCHS", description = "Early stopping on held-out loss (0 = off).")
    int patience;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: all processors). Same seed and threads: same weights.")
    Integer threads;

    @Option(names = "--train-size", defaultValue = "0", paramLabel = "N", description = "Use only the first N training samples (0 = all).")
    int trainSize;

    @Option(names = "--val-size", defaultValue = "0", paramLabel = "N", description = "Use only the first N held-out samples (0 = all).")
    int valSize;

    @Option(names = "--augment", defaultValue = "auto", paramLabel = "NAME",
            description = "Training-time augmentation: none, affine (rotation up to 10 degrees, shifts up to 10%%), crop-flip (random "
                    + "crop with 4-pixel padding and horizontal flip), auto (affine for one-channel images, crop-flip for colour images, "
                    + "none for tables; default).")
    String augment;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "STEPS",
            description = "Also checkpoint every STEPS batches inside an epoch (0 = only at epoch ends; default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--keep", defaultValue = "3", paramLabel = "N", description = "Checkpoints to keep besides best.ckpt (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<model>-<dataset>-<time>).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in folder RUN from its newest checkpoint, with its saved configuration.")
    Path resume;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON file whose keys are these options' long names; options given here win.")
    Path config;

    @Override
    public Integer call() throws IOException {
        if (config != null) {
            TrainCommand merged = new TrainCommand();
            CommandLine cl = new CommandLine(merged);
            cl.setOut(spec.commandLine().getOut());
            cl.setErr(spec.commandLine().getErr());
            cl.parseArgs(ConfigFiles.arguments(config, spec, spec.commandLine().getParseResult()).toArray(String[]::new));
            return merged.call();
        }
        PrintWriter console = spec.commandLine().getOut();
        if (threads != null && threads < 1) throw usage("--threads must be >= 1, got " + threads);
        if (resume != null) {
            for (var option : spec.commandLine().getParseResult().matchedOptions()) {
                if (!RESUME_OPTIONS.contains(option.longestName())) {
                    throw new ParameterException(spec.commandLine(), "--resume continues with the run's saved config.json; "
                            + option.longestName() + " cannot be combined with it");
                }
            }
            TrainConfig saved = TrainConfig.read(resume);
            Path file = CheckpointPolicy.latest(resume.resolve("checkpoints"))
                    .orElseThrow(() -> new IOException(resume + ": no checkpoint to resume from in " + resume.resolve("checkpoints")));
            TrainState state = Checkpoints.read(file);
            TrainConfig cfg = threads == null ? saved : saved.withThreads(threads);
            if (cfg.threads() != saved.threads()) {
                console.printf("note: the run used %d threads, resuming with %d; weights will not be bit-identical to an uninterrupted run%n",
                        saved.threads(), cfg.threads());
            }
            console.printf("Resuming %s from %s (epoch %d, batch %d)%n", resume, file.getFileName(), state.epoch() + 1, state.nextBatch());
            return train(cfg, resume, state, console);
        }
        TrainConfig cfg = resolved();
        Path runDir = out != null ? out : newRunDir(cfg);
        if (Files.isDirectory(runDir) && !isEmpty(runDir)) {
            throw new IllegalArgumentException(runDir + " already exists and is not empty; choose another --out, or continue it with --resume " + runDir);
        }
        return train(cfg, runDir, null, console);
    }

    TrainConfig resolved() {
        String opt = optimizer.toLowerCase(java.util.Locale.ROOT);
        if (!OptimizerSettings.OPTIMIZERS.containsKey(opt)) {
            throw usage("unknown --optimizer '" + optimizer + "'; choose one of " + OptimizerSettings.OPTIMIZERS.keySet());
        }
        if (!AUGMENTATIONS.contains(augment)) throw usage("unknown --augment '" + augment + "'; choose one of " + AUGMENTATIONS);
        if (!Schedules.NAMES.contains(schedule)) throw usage("unknown --schedule '" + schedule + "'; choose one of " + Schedules.NAMES);
        if (!CLASSIFIERS.contains(model)) throw usage("unknown --model '" + model + "'; choose one of " + CLASSIFIERS);
        if (epochs < 1) throw usage("--epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw usage("--batch-size must be >= 1, got " + batchSize);
        List<String> takes = OptimizerSettings.options(opt);
        Schedules.OPTIONS.forEach((option, schedules) -> {
            if (given(option) && !schedules.contains(schedule)) {
                throw usage(option + " applies to --schedule " + String.join(" or ", schedules) + ", not " + schedule);
            }
        });
        for (String option : OptimizerSettings.KEYWORDS.keySet()) {
            if (given(option) && !takes.contains(option)) {
                throw usage(option + " does not apply to --optimizer " + opt + ", which takes " + String.join(", ", takes));
            }
        }
        double rate = lr != null ? lr : switch (opt) {
            case "sgd" -> 0.05;
            case "adam", "adamw", "nadam", "radam" -> 0.003;
            case "adadelta" -> 1.0;
            case "adagrad" -> 0.01;
            case "rmsprop" -> 0.001;
            default -> throw new IllegalStateException("no default lr for " + opt);
        };
        TrainConfig cfg = new TrainConfig(model, dataset == null ? List.of("bundled-mnist") : dataset, epochs, batchSize,
                opt, rate, momentum, nesterov, dampening, betas, eps, amsgrad, alpha, centered, rho, lrDecay, initialAccumulator, momentumDecay,
                weightDecay, schedule, warmup, gamma, milestones, restartEvery, restartMult, plateauFactor, plateauPatience,
                clipGradNorm, patience, seed, threads == null ? Runtime.getRuntime().availableProcessors() : threads, trainSize, valSize, augment,
                checkpointEvery, keep);
        try {
            OptimizerSettings.check(cfg);
            Schedules.check(cfg);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return cfg;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int train(TrainConfig cfg, Path runDir, TrainState state, PrintWriter console) throws IOException {
        long started = System.nanoTime();
        Main.startPoolInBackground(cfg.threads());
        Generator.seed(cfg.seed());
        TrainingData data = TrainingData.load(cfg.dataset(), cfg.trainSize(), cfg.valSize(), cfg.seed(), null);
        Parallel.setThreads(cfg.threads());
        int[] shape = data.inputShape();
        if (shape[1] != shape[2]) throw new IllegalArgumentException("the zoo models take square inputs; " + cfg.dataset() + " has " + shape[1] + "x" + shape[2]);
        int numClasses = data.classes().size();
        Module net = Models.create(cfg.model(), shape[0], shape[1], numClasses, Generator.global());
        Optimizer opt = OptimizerSettings.create(cfg, net.parameters());
        CrossEntropyLoss loss = new CrossEntropyLoss();
        try (DataLoader<Batch> train = data.trainLoader(cfg.batchSize(), cfg.seed(), augmentation(cfg.augment(), shape));
                DataLoader<Batch> heldOut = data.heldOutLoader(EVAL_BATCH_SIZE)) {
            TrainerOptions options = TrainerOptions.epochs(cfg.epochs())
                    .withClipGradNorm(cfg.clipGradNorm())
                    .withCheckpoints(new CheckpointPolicy(runDir.resolve("checkpoints"), cfg.checkpointEvery(), cfg.keep(), Monitor.max("accuracy")))
                    .withEarlyStopping(cfg.patience() > 0 ? new EarlyStopping(Monitor.min("loss"), cfg.patience(), 0) : null);
            Trainer trainer = new Trainer(net, loss, opt, () -> new ClassificationMetrics(numClasses, 5), options);
            Schedules.Plan schedule = Schedules.create(cfg, opt, train.numBatches());
            if (schedule.perBatch() != null) trainer.scheduler(schedule.perBatch(), Trainer.SchedulerStep.BATCH);
            if (schedule.plateau() != null) trainer.plateau(schedule.plateau(), "loss");
            if (state != null) {
                trainer.restore(state);
            } else {
                Files.createDirectories(runDir);
                cfg.write(runDir);
                console.printf("Training %s on %s: %d train / %d held-out samples, %d epochs, batch %d, %s lr %s (%s), %d threads%n",
                        cfg.model(), String.join(" ", cfg.dataset()), data.train().size(), data.heldOut().size(), cfg.epochs(), cfg.batchSize(),
                        cfg.optimizer(), cfg.lr(), cfg.schedule(), cfg.threads());
            }
            trainer.addListener(new ConsoleProgress(console, ConsoleProgress.stdoutIsTerminal()));
            trainer.addListener(new TrainingListener() {
                @Override
                public void onEpochEnd(EpochResult result) {
                    try {
                        MetricsFiles.write(runDir, trainer.history(), trainer.steps());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            List<EpochResult> history = trainer.fit(train, heldOut);
            ClassificationMetrics finalMetrics = (ClassificationMetrics) Trainer.evaluate(net, loss, heldOut, new ClassificationMetrics(numClasses, 5));
            ModelInfo info = new ModelInfo(cfg.model(), shape, data.classes(), data.description(), data.stats().mean(), data.stats().std(),
                    EVAL_BATCH_SIZE, finalMetrics.compute());
            ModelFile.save(runDir.resolve(RunFolder.MODEL), net, info);
            Plots.write(runDir, history, trainer.steps());
            double seconds = (System.nanoTime() - started) / 1e9;
            RunFolder.writeSummary(runDir, cfg, net, shape, history, finalMetrics, data.classes(), seconds);
            console.println();
            console.println(Reports.accuracyLine("held-out", finalMetrics));
            console.printf("run folder: %s/ (model.safetensors, metrics.csv, metrics.jsonl, loss.png, accuracy.png, lr.png, config.json, summary.txt, checkpoints/)%n",
                    runDir);
            console.printf("evaluate:   ./jgrad eval %s%n", runDir);
            console.printf("predict:    ./jgrad predict %s IMAGE.png ...%n", runDir.resolve(RunFolder.MODEL));
            console.printf("total time: %s%n", ConsoleProgress.duration(seconds));
            console.flush();
        }
        return 0;
    }

    /** The random transform of raw training inputs (before normalisation; null for none). */
    private static Transform augmentation(String name, int[] shape) {
        boolean image = shape[1] > 1;
        String resolved = !name.equals("auto") ? name : !image ? "none" : shape[0] == 1 ? "affine" : "crop-flip";
        if (!resolved.equals("none") && !image) throw new IllegalArgumentException("--augment " + name + " needs image inputs; the data are rows of features");
        return switch (resolved) {
            case "affine" -> new RandomAffine(10, 0.1, 0.1);
            case "crop-flip" -> new Compose(new RandomCrop(shape[1], 4), new RandomHorizontalFlip(0.5));
            default -> null;
        };
    }

    private static Path newRunDir(TrainConfig cfg) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String base = cfg.model() + "-" + cfg.dataset().getFirst() + "-" + stamp;
        Path dir = Path.of("runs", base);
        for (int i = 2; Files.exists(dir); i++) dir = Path.of("runs", base + "-" + i);
        return dir;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
