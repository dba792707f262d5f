package dev.jgrad.data.vision;

import dev.jgrad.data.Dataset;
import dev.jgrad.data.Example;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images stored one folder per class, {@code root/<class>/<image>.png|jpg|jpeg} (torchvision's
 * {@code ImageFolder}). Classes are the sub-folder names in sorted order (label = position); images
 * within a class are sorted by file name. Images are decoded on {@link #get} into float32
 * [C, H, W] in [0, 1]; an undecodable file raises {@link dev.jgrad.data.io.CorruptDataException}
 * naming it.
 *
 * <pre>{@code
 * ImageFolder pets = new ImageFolder(Path.of("pets/train"), ColorMode.RGB);
 * pets.classes();          // [cat, dog]
 * pets.get(0).target();    // int64 scalar 0
 * }</pre>
 */
public final class ImageFolder implements Dataset<Example> {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private final Path root;
    private final ColorMode mode;
    private final List<String> classes;
    private final List<Sample> samples;

    /** One image file and its class index. */
    public record Sample(Path file, int label) {}

    public ImageFolder(Path root, ColorMode mode) throws IOException {
        if (!Files.isDirectory(root)) throw new NoSuchFileException(root.toString(), null, "ImageFolder: root is not a directory");
        this.root = root;
        this.mode = mode;
        List<Path> classDirs;
        try (Stream<Path> entries = Files.list(root)) {
            classDirs = entries.filter(Files::isDirectory).sorted().toList();
        }
        if (classDirs.isEmpty()) throw new IllegalArgumentException("ImageFolder: couldn't find any class folder in " + root);
        List<String> names = new ArrayList<>();
        List<Sample> found = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = names.size();
            names.add(dir.getFileName().toString());
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> Files.isRegularFile(f) && isImageName(f)).sorted().forEach(f -> found.add(new Sample(f, label)));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("ImageFolder: found no valid file for the classes " + names + " in " + root
                    + ". Supported extensions are: " + String.join(", ", EXTENSIONS));
        }
        this.classes = Collections.unmodifiableList(names);
        this.samples = List.copyOf(found);
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    public Path root() {
        return root;
    }

    /** Class names, sorted; a sample's target is its class's position here. */
    public List<String> classes() {
        return classes;
    }

    public List<Sample> samples() {
        return samples;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public Example get(int index) {
        Sample s = samples.get(index);
        return new Example(ImageFiles.read(s.file(), mode), Tensors.scalar(s.label(), DType.INT64));
    }
}
