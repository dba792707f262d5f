package dev.jgrad.cli;

import dev.jgrad.data.Batch;
import dev.jgrad.data.DataLoader;
import dev.jgrad.data.LoaderOptions;
import dev.jgrad.data.Dataset;
import dev.jgrad.data.Example;
import dev.jgrad.data.Permutations;
import dev.jgrad.data.TensorDataset;
import dev.jgrad.data.TrainTest;
import dev.jgrad.data.io.FashionMnist;
import dev.jgrad.data.io.MnistFormat;
import dev.jgrad.data.tabular.CsvDataset;
import dev.jgrad.data.tabular.CsvOptions;
import dev.jgrad.data.transforms.Compose;
import dev.jgrad.data.transforms.Normalization;
import dev.jgrad.data.transforms.Transform;
import dev.jgrad.data.vision.Cifar10Datasets;
import dev.jgrad.data.vision.ColorMode;
import dev.jgrad.data.vision.ImageFolder;
import dev.jgrad.data.vision.MnistDatasets;
import dev.jgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The training and held-out sets a {@code --dataset} names, with inputs as read (images in [0, 1]),
 * the per-channel normalisation computed on the training split (none for image folders), and what
 * a model file needs to rebuild them: input shape [C, H, W], class names, and a description. The
 * loaders normalise each sample after any augmentation, as torchvision's usual
 * {@code Compose([augment, ToTensor(), Normalize(mean, std)])} does, so that pixels an augmentation
 * shifts in are black, not the average grey.
 */
record TrainingData(Dataset<Example> train, Dataset<Example> heldOut, int[] inputShape, List<String> classes,
        Normalization.Stats stats, Map<String, Object> description) {

    static final String USAGE = "bundled-mnist, fashion-mnist [DIR], idx DIR, cifar10 DIR, folder DIR or csv FILE";
    private static final List<String> FASHION_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final int BUNDLED_TRAIN = 8000;

    /**
     * Loads {@code spec} (name and optional path), keeping at most {@code trainSize} training and
     * {@code heldOutSize} held-out samples (0 = all). {@code stats} null: computed on the training split.
     */
    static TrainingData load(List<String> spec, int trainSize, int heldOutSize, long seed, Normalization.Stats stats) throws IOException {
        if (spec.isEmpty() || spec.size() > 2) throw new IllegalArgumentException("--dataset expects " + USAGE + ", got " + spec);
        String name = spec.getFirst();
        Path path = spec.size() > 1 ? Path.of(spec.get(1)) : null;
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("dataset", spec);
        description.put("train_size", trainSize);
        description.put("val_size", heldOutSize);
        description.put("seed", seed);
        if (name.equals("folder")) return folder(requirePath(name, path), trainSize, heldOutSize, description);
        TrainTest<TensorDataset> split = switch (name) {
            case "bundled-mnist" -> noPath(name, path, MnistDatasets.bundledSplit(BUNDLED_TRAIN));
            case "fashion-mnist" -> MnistDatasets.fashion(path == null ? FashionMnist.DEFAULT_DIR : path);
            case "idx" -> idx(requirePath(name, path));
            case "cifar10" -> Cifar10Datasets.load(requirePath(name, path));
            case "csv" -> csv(requirePath(name, path), seed);
            default -> throw new IllegalArgumentException("unknown dataset \"" + name + "\"; choose " + USAGE);
        };
        TensorDataset train = take(split.train(), trainSize), heldOut = take(split.test(), heldOutSize);
        Normalization.Stats s = stats != null ? stats : Normalization.compute(train.inputs());
        return new TrainingData(train, heldOut, inputShape(train.inputs()), classes(name, split), s, description);
    }

    /** Seeded shuffled batches of the training set: {@code augmentation} (may be null) on each raw input, then the normalisation. */
    DataLoader<Batch> trainLoader(int batchSize, long seed, Transform augmentation) {
        Transform normalize = normalization();
        Transform input = augmentation == null ? normalize : normalize == null ? augmentation : new Compose(augmentation, normalize);
        return DataLoader.of(train, LoaderOptions.of(batchSize).withShuffle(seed), input);
    }

    /** Batches of the held-out set in order, normalised. */
    DataLoader<Batch> heldOutLoader(int batchSize) {
        return DataLoader.of(heldOut, LoaderOptions.of(batchSize), normalization());
    }

    /** The per-channel normalisation; null where there is none. */
    private Transform normalization() {
        return stats.mean().length == 0 ? null : stats.normalize();
    }

    /** The data a model file was trained on, normalised as it was. */
    static TrainingData load(Map<String, Object> description, double[] mean, double[] std) throws IOException {
        List<String> spec = ((List<?>) description.get("dataset")).stream().map(Object::toString).toList();
        Normalization.Stats stats = mean.length == 0 ? null : new Normalization.Stats(mean, std);
        return load(spec, number(description, "train_size"), number(description, "val_size"),
                ((Number) description.get("seed")).longValue(), stats);
    }

    private static int number(Map<String, Object> description, String key) {
        return ((Number) description.get(key)).intValue();
    }

    private static Path requirePath(String name, Path path) {
        if (path == null) throw new IllegalArgumentException("--dataset " + name + " needs a path: --dataset " + name + (name.equals("csv") ? " FILE" : " DIR"));
        return path;
    }

    private static <T> T noPath(String name, Path path, T value) {
        if (path != null) throw new IllegalArgumentException("--dataset " + name + " takes no path, got " + path);
        return value;
    }

    private static TrainTest<TensorDataset> idx(Path dir) throws IOException {
        var split = MnistFormat.loadStandard(dir, 256);
        return new TrainTest<>(MnistDatasets.fromMnist(split.train()), MnistDatasets.fromMnist(split.test()));
    }

    /** A CSV file with a header and the class index in the last column, split 80/20 at random. */
    private static TrainTest<TensorDataset> csv(Path file, long seed) throws IOException {
        CsvDataset all = CsvDataset.read(file, CsvOptions.targetAt(-1));
        int n = all.size(), trainCount = (int) Math.round(n * 0.8);
        if (trainCount == 0 || trainCount == n) throw new IllegalArgumentException(file + ": too few rows (" + n + ") to split 80/20");
        int[] order = Permutations.portable(n, seed);
        return new TrainTest<>(rows(all, Arrays.copyOfRange(order, 0, trainCount)), rows(all, Arrays.copyOfRange(order, trainCount, n)));
    }

    private static TensorDataset rows(TensorDataset data, int[] rows) {
        Batch b = data.batch(rows);
        return new TensorDataset(b.inputs(), b.targets());
    }

    private static TrainingData folder(Path dir, int trainSize, int heldOutSize, Map<String, Object> description) throws IOException {
        Path heldOutDir = Files.isDirectory(dir.resolve("test")) ? dir.resolve("test") : dir.resolve("val");
        if (!Files.isDirectory(dir.resolve("train")) || !Files.isDirectory(heldOutDir)) {
            throw new IllegalArgumentException("--dataset folder " + dir + ": expected sub-folders train/ and test/ (or val/), each with one folder per class");
        }
        ImageFolder train = new ImageFolder(dir.resolve("train"), ColorMode.RGB), heldOut = new ImageFolder(heldOutDir, ColorMode.RGB);
        if (!train.classes().equals(heldOut.classes())) {
            throw new IllegalArgumentException("--dataset folder " + dir + ": train/ has classes " + train.classes() + " but " + heldOutDir.getFileName()
                    + "/ has " + heldOut.classes());
        }
        int[] shape = train.get(0).input().shape();
        Normalization.Stats none = new Normalization.Stats(new double[0], new double[0]);
        return new TrainingData(first(train, trainSize), first(heldOut, heldOutSize), shape, train.classes(), none, description);
    }

    private static Dataset<Example> first(Dataset<Example> data, int limit) {
        if (limit <= 0 || limit >= data.size()) return data;
        return new dev.jgrad.data.Subset<>(data, IntStream.range(0, limit).toArray());
    }

    private static TensorDataset take(TensorDataset data, int limit) {
        if (limit <= 0 || limit >= data.size()) return data;
        return new TensorDataset(data.inputs().narrow(0, 0, limit).contiguous(), data.targets().narrow(0, 0, limit).contiguous());
    }

    /** [C, H, W] of image inputs; [F, 1, 1] for rows of F features. */
    private static int[] inputShape(Tensor inputs) {
        int[] s = inputs.shape();
        return s.length == 4 ? new int[] {s[1], s[2], s[3]} : new int[] {s[1], 1, 1};
    }

    private static List<String> classes(String name, TrainTest<TensorDataset> split) {
        if (name.equals("fashion-mnist")) return FASHION_CLASSES;
        if (name.equals("cifar10")) return Cifar10Datasets.CLASSES;
        long max = Math.max(split.train().targets().max().toLongArray()[0], split.test().targets().max().toLongArray()[0]);
        List<String> out = new ArrayList<>();
        for (long k = 0; k <= max; k++) out.add(Long.toString(k));
        return out;
    }
}
