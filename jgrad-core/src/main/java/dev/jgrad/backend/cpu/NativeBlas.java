package dev.jgrad.backend.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * OpenBLAS's {@code cblas_sgemm} through the FFM API. The library comes from the
 * {@code org.bytedeco:openblas} linux-x86_64 jar on the class path: its shared objects are copied
 * once into a per-user cache directory and loaded from there (no install step). Java arrays are
 * passed in place (critical downcalls may read the heap), so no copies are made.
 *
 * <p>OpenBLAS runs single-threaded: {@link Gemm} splits a product over jgrad's own pool, so there is
 * one set of threads and results depend only on jgrad's thread count. When the library cannot be
 * loaded (another OS, a missing jar) {@link #available()} is false and Gemm uses its Java kernels.
 */
final class NativeBlas {
    private NativeBlas() {}

    private static final String VERSION = "0.3.28-1.5.11";
    private static final String RESOURCE_DIR = "/org/bytedeco/openblas/linux-x86_64/";
    /** libopenblas.so.0 finds its Fortran runtime beside itself ($ORIGIN rpath). */
    private static final String[] FILES = {"libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0"};
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    private static final MethodHandle SGEMM, SET_THREADS;
    private static final String STATUS;
    private static final String CORE;

    static {
        MethodHandle sgemm = null, setThreadsHandle = null;
        String status, core = null;
        try {
            Path lib = extract();
            Linker linker = Linker.nativeLinker();
            SymbolLookup symbols = SymbolLookup.libraryLookup(lib, Arena.global());
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
            setThreadsHandle = linker.downcallHandle(symbols.findOrThrow("openblas_set_num_threads"), FunctionDescriptor.ofVoid(i));
            setThreadsHandle.invokeExact(1);
            sgemm = linker.downcallHandle(symbols.findOrThrow("cblas_sgemm"),
                    FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, ValueLayout.ADDRESS, i, ValueLayout.ADDRESS, i, f,
                            ValueLayout.ADDRESS, i),
                    Linker.Option.critical(true));
            MethodHandle corename = linker.downcallHandle(symbols.findOrThrow("openblas_get_corename"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            core = ((MemorySegment) corename.invokeExact()).reinterpret(64).getString(0);
            status = "openblas-" + VERSION.substring(0, VERSION.indexOf('-')) + " (" + core + ")";
        } catch (Throwable t) {
            status = "unavailable (" + t + ")";
        }
        SGEMM = sgemm;
        SET_THREADS = setThreadsHandle;
        STATUS = status;
        CORE = core;
    }

    static boolean available() {
        return SGEMM != null;
    }

    /**
     * OpenBLAS's own thread count (1 as loaded). Only the GEMM benchmark raises it, to measure
     * OpenBLAS threading itself as the reference for jgrad's split.
     */
    static void setThreads(int threads) {
        try {
            SET_THREADS.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /** "openblas-0.3.28 (Cooperlake)", or why it could not be loaded. */
    static String status() {
        return STATUS;
    }

    /** The kernel set OpenBLAS chose for this CPU ("Cooperlake", "Zen", ...), or null when not loaded. */
    static String coreName() {
        return CORE;
    }

    /** Row-major C = alpha * op(A) * op(B) + beta * C on the calling thread; see {@link Gemm#sgemm}. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        try {
            SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    slice(a, aOff), lda, slice(b, bOff), ldb, beta, slice(c, cOff), ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }

    private static MemorySegment slice(float[] x, int offset) {
        return MemorySegment.ofArray(x).asSlice(4L * offset);
    }

    /** Copies the shared objects into the cache directory unless an earlier run already did; returns libopenblas. */
    private static Path extract() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "jgrad-openblas-" + VERSION + "-" + System.getProperty("user.name"));
        Files.createDirectories(dir);
        for (String name : FILES) {
            Path target = dir.resolve(name);
            try (InputStream in = NativeBlas.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) throw new IOException("classpath resource not found: " + RESOURCE_DIR + name);
                long size = NativeBlas.class.getResource(RESOURCE_DIR + name).openConnection().getContentLengthLong();
                if (Files.exists(target) && Files.size(target) == size) continue;
                Path tmp = Files.createTempFile(dir, name, ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve("libopenblas.so.0");
    }
}
