import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one benchmark class from several builds in one JVM, alternating: each build's classes in a
 * class loader of their own, so that both see the same machine minute by minute (the machines
 * here change speed by a quarter within minutes; runs in separate processes minutes apart
 * compare little). For example, two worktrees' convolution kernels:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC tools/bench/Interleave.java \
 *      /tmp/passes /tmp/base,. 4 dev.jgrad.nn.functional.ConvPasses 16:28:16:3:1:1 32:28:32:3:1:1
 * </pre>
 * Arguments: a folder of extra classes put first on every build's path (the compiled benchmark,
 * see ConvPasses.java), the builds' roots (comma-separated; each contributes
 * jgrad-core/target/classes and jgrad-cli/target/lib), the rounds, the class, and its arguments.
 */
public class Interleave {
    public static void main(String[] args) throws Exception {
        String[] roots = args[1].split(",");
        int rounds = Integer.parseInt(args[2]);
        String[] rest = Arrays.copyOfRange(args, 4, args.length);
        ClassLoader[] loaders = new ClassLoader[roots.length];
        for (int b = 0; b < roots.length; b++) {
            List<URL> path = new ArrayList<>(List.of(Path.of(args[0]).toUri().toURL(),
                    Path.of(roots[b], "jgrad-core/target/classes").toUri().toURL()));
            try (var jars = Files.list(Path.of(roots[b], "jgrad-cli/target/lib"))) {
                for (Path jar : jars.toList()) path.add(jar.toUri().toURL());
            }
            loaders[b] = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }
        for (int r = 0; r < rounds; r++) {
            for (int b = 0; b < roots.length; b++) {
                System.out.println("== " + roots[b] + ", round " + (r + 1));
                loaders[b].loadClass(args[3]).getMethod("main", String[].class).invoke(null, (Object) rest);
            }
        }
    }
}
