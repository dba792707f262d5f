package dev.jgrad.data.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.data.Batch;
import dev.jgrad.data.DataLoader;
import dev.jgrad.data.LoaderOptions;
import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path root;

    /** A 3x2 RGB image: pixel (x, y) = (r, g, b) = (10 x, 20 y, base). */
    private Path png(String dir, String name, int base) throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) img.setRGB(x, y, (10 * x) << 16 | (20 * y) << 8 | base);
        Path file = root.resolve(dir).resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void classesAreSortedFolderNamesAndPixelsAreExact() throws IOException {
        png("dog", "b.png", 200);
        png("cat", "z.png", 100);
        png("dog", "a.PNG", 50);
        Files.writeString(root.resolve("dog").resolve("notes.txt"), "ignored");
        ImageFolder folder = new ImageFolder(root, ColorMode.RGB);

        assertThat(folder.classes()).containsExactly("cat", "dog");
        assertThat(folder.size()).isEqualTo(3);
        assertThat(folder.samples()).extracting(s -> s.file().getFileName().toString()).containsExactly("z.png", "a.PNG", "b.png");
        Tensor img = folder.get(2).input();
        assertThat(img.shape()).containsExactly(3, 2, 3);
        assertThat(img.getDouble(0, 0, 2)).isEqualTo(20 / 255f); // red of x = 2
        assertThat(img.getDouble(1, 1, 0)).isEqualTo(20 / 255f); // green of y = 1
        assertThat(img.getDouble(2, 1, 1)).isEqualTo(200 / 255f);
        assertThat(folder.get(0).target().dtype()).isEqualTo(DType.INT64);
        assertThat(folder.get(0).target().itemLong()).isZero();
        assertThat(folder.get(1).target().itemLong()).isEqualTo(1);
    }

    @Test
    void grayscaleUsesLuminanceAndReadsGrayImagesWithoutGamma() throws IOException {
        png("a", "rgb.png", 100);
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 77);
        gray.getRaster().setSample(1, 0, 0, 255);
        ImageIO.write(gray, "png", root.resolve("a").resolve("zgray.png").toFile());
        ImageFolder folder = new ImageFolder(root, ColorMode.GRAYSCALE);

        Tensor rgb = folder.get(0).input();
        assertThat(rgb.shape()).containsExactly(1, 2, 3);
        // Pixel (x=1, y=1) = (10, 20, 100): L = (10*19595 + 20*38470 + 100*7471 + 32768) >> 16 = 26.
        assertThat(rgb.getDouble(0, 1, 1)).isEqualTo(26 / 255f);
        assertThat(folder.get(1).input().toFloatArray()).containsExactly(77 / 255f, 1f);
        assertThat(new ImageFolder(root, ColorMode.RGB).get(1).input().toFloatArray())
                .containsExactly(77 / 255f, 1f, 77 / 255f, 1f, 77 / 255f, 1f);
    }

    @Test
    void unreadableImageNamesTheFile() throws IOException {
        png("cat", "good.png", 1);
        Path broken = root.resolve("cat").resolve("broken.png");
        Files.write(broken, new byte[] {1, 2, 3, 4, 5});
        ImageFolder folder = new ImageFolder(root, ColorMode.RGB);
        assertThatThrownBy(() -> folder.get(0)).isInstanceOf(CorruptDataException.class).hasMessageStartingWith(broken.toString());
    }

    @Test
    void loadsIntoBatchesOfEqualSizedImages() throws IOException {
        for (int i = 0; i < 5; i++) png(i % 2 == 0 ? "even" : "odd", "img" + i + ".png", i);
        try (var loader = DataLoader.of(new ImageFolder(root, ColorMode.RGB), LoaderOptions.of(4))) {
            Batch first = loader.iterator(0, 0).next();
            assertThat(first.inputs().shape()).containsExactly(4, 3, 2, 3);
            assertThat(first.targets().toLongArray()).containsExactly(0, 0, 0, 1);
        }
    }

    @Test
    void emptyRootsAreErrors() throws IOException {
        assertThatThrownBy(() -> new ImageFolder(root, ColorMode.RGB)).hasMessageContaining("couldn't find any class folder");
        Files.createDirectories(root.resolve("cat"));
        assertThatThrownBy(() -> new ImageFolder(root, ColorMode.RGB)).hasMessageContaining("found no valid file for the classes [cat]");
    }
}
