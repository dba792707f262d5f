package dev.jgrad;

import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java snippets compile and run as printed: they are pasted, in order, into one
 * class (imports on top, class declarations as nested classes, statements in a method), compiled
 * against jgrad and run; every {@code println} whose line ends in a comment must print that
 * comment ({@code ...} matches anything).
 */
class ReadmeExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PRINTED = Pattern.compile("System\\.out\\.println\\(.*\\);\\s*// (.*)$");

    @Test
    void readmeSnippetsCompileAndPrintWhatTheySay(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        Matcher blocks = JAVA_BLOCK.matcher(Files.readString(readme()));
        while (blocks.find()) lines.addAll(blocks.group(1).lines().toList());
        assertThat(lines).as("README java lines").hasSizeGreaterThan(20);

        StringBuilder imports = new StringBuilder(), classes = new StringBuilder(), body = new StringBuilder();
        List<String> expected = new ArrayList<>();
        boolean inClass = false;
        for (String line : lines) {
            if (line.startsWith("import ")) {
                imports.append(line).append('\n');
            } else if (inClass || line.startsWith("class ")) {
                classes.append(line.startsWith("class ") ? "static " + line : line).append('\n');
                inClass = !line.equals("}");
            } else {
                body.append(line).append('\n');
                Matcher printed = PRINTED.matcher(line);
                if (printed.find()) expected.add(printed.group(1).trim());
            }
        }
        assertThat(expected).as("println lines with the output in a comment").hasSizeGreaterThanOrEqualTo(3);
        String source = imports + "public class ReadmeExample implements Runnable {\n" + classes
                + "public void run() {\n" + body + "}\n}\n";
        Path file = dir.resolve("ReadmeExample.java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String jgradClasses = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int rc = javac.run(null, diagnostics, diagnostics, "-proc:none", "-cp", jgradClasses, "-d", dir.toString(), file.toString());
        assertThat(rc).as("javac of the README snippets:\n%s\n%s", diagnostics, source).isZero();

        List<String> output = run(dir);
        assertThat(output).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            String regex = Pattern.quote(expected.get(i)).replace("...", "\\E.*\\Q");
            assertThat(output.get(i)).as("line %d of the output", i).matches(Pattern.compile(regex, Pattern.DOTALL));
        }
    }

    private static List<String> run(Path dir) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, Tensor.class.getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Runnable example = (Runnable) loader.loadClass("ReadmeExample").getConstructor().newInstance();
            example.run();
        } finally {
            System.setOut(original);
        }
        // A multi-line tensor print is one println: split only where a new statement's output starts.
        return List.of(captured.toString(StandardCharsets.UTF_8).split("\\n(?! )"));
    }

    private static Path readme() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("mvnw"))) return p.resolve("README.md");
        }
        throw new IOException("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
