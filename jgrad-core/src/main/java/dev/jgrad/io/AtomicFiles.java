package dev.jgrad.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers (and a restart after a crash) see either the old content or the
 * complete new one, never a torn file: write a temporary file in the same directory, flush it to
 * disk ({@code fsync}), then atomically rename it over the target and sync the directory.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("runs/a/config.json"), json.getBytes(UTF_8));
 * AtomicFiles.write(Path.of("runs/a/last.ckpt"), out -> checkpoint.writeTo(out));
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Produces the content of a file; may throw, in which case the target is left untouched. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code content} to {@code target} atomically, creating missing parent directories.
     * If {@code content} throws, the temporary file is deleted and the exception propagates.
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(temp, absolute);
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + target + " atomically on this file system", e);
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, and then there is nothing to do. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (e.g. Windows); the file content itself is already on disk.
        }
    }
}
