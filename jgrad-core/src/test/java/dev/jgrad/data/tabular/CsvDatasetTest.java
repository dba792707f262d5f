package dev.jgrad.data.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jgrad.data.Batch;
import dev.jgrad.data.DataLoader;
import dev.jgrad.data.LoaderOptions;
import dev.jgrad.data.io.CorruptDataException;
import dev.jgrad.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsFeaturesAndANamedTarget() throws IOException {
        Path file = csv("sepal,\"label\",petal\n5.1,0,1.4\n\n6.2, 2 ,-4.5e-1\n");
        CsvDataset d = CsvDataset.read(file, CsvOptions.targetNamed("label"));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.featureNames()).containsExactly("sepal", "petal");
        assertThat(d.targetName()).isEqualTo("label");
        assertThat(d.inputs().shape()).containsExactly(2, 2);
        assertThat(d.inputs().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(d.inputs().toFloatArray()).containsExactly(5.1f, 1.4f, 6.2f, -0.45f);
        assertThat(d.targets().dtype()).isEqualTo(DType.INT64);
        assertThat(d.targets().toLongArray()).containsExactly(0, 2);
    }

    @Test
    void targetByIndexWithoutHeaderAsFloat() throws IOException {
        Path file = csv("1;2;0.5\n3;4;1.5\n");
        CsvDataset d = CsvDataset.read(file, CsvOptions.targetAt(-1).withoutHeader().withDelimiter(';').withTargetDType(DType.FLOAT32));
        assertThat(d.featureNames()).containsExactly("column1", "column2");
        assertThat(d.targetName()).isEqualTo("column3");
        assertThat(d.targets().toFloatArray()).containsExactly(0.5f, 1.5f);
        try (var loader = DataLoader.of(d, LoaderOptions.of(2))) {
            Batch b = loader.iterator(0, 0).next();
            assertThat(b.inputs().toFloatArray()).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void badCellNamesFileLineAndColumn() throws IOException {
        Path file = csv("a,b,y\n1,2,0\n3,oops,1\n");
        assertThatThrownBy(() -> CsvDataset.read(file, CsvOptions.targetNamed("y")))
                .isInstanceOf(CorruptDataException.class)
                .hasMessage(file + ": line 3, column 2 (b): cannot parse 'oops' as a number");
        Path empty = csv("a,b,y\n1,,0\n");
        assertThatThrownBy(() -> CsvDataset.read(empty, CsvOptions.targetNamed("y"))).hasMessageContaining("line 2, column 2 (b)");
    }

    @Test
    void structuralErrors() throws IOException {
        Path ragged = csv("a,b,y\n1,2,0\n3,1\n");
        assertThatThrownBy(() -> CsvDataset.read(ragged, CsvOptions.targetNamed("y")))
                .hasMessage(ragged + ": line 3: expected 3 columns, found 2");
        Path fractional = csv("a,y\n1,0.5\n");
        assertThatThrownBy(() -> CsvDataset.read(fractional, CsvOptions.targetNamed("y")))
                .hasMessageContaining("line 2, column 2 (y): target '0.5' is not an integer class index");
        Path noTarget = csv("a,b\n1,2\n");
        assertThatThrownBy(() -> CsvDataset.read(noTarget, CsvOptions.targetNamed("label")))
                .hasMessageContaining("no column named 'label' in header [a, b]");
        Path headerOnly = csv("a,b\n");
        assertThatThrownBy(() -> CsvDataset.read(headerOnly, CsvOptions.targetAt(0))).hasMessageContaining("no data rows");
        assertThatThrownBy(() -> CsvOptions.targetNamed("y").withoutHeader()).hasMessageContaining("no header");
    }
}
