package com.shopwatch.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the JIT's compiler threads, read from Linux's {@code /proc/self/task}. The JVM's
 * own figure ({@code CompilationMXBean}) is the compiles' elapsed time, which on two busy cores
 * counts every time slice the compiler waited for a core; this is what the compilers used.
 */
final class CompilerThreads {
    /** Linux reports thread CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture it runs the JVM on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path TASKS = Path.of("/proc/self/task");

    private CompilerThreads() {}

    /** Whether this platform exposes per-thread CPU time (Linux). */
    static boolean available() {
        return Files.isDirectory(TASKS);
    }

    /** Seconds of CPU the C1 and C2 compiler threads have used so far; 0 where {@link #available() unavailable}. */
    static double cpuSeconds() {
        if (!available()) {
            return 0;
        }
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(TASKS)) {
            for (Path thread : threads) {
                try {
                    // thread names are cut to 15 characters: "C2 CompilerThread0" reads "C2 CompilerThre"
                    String name = Files.readString(thread.resolve("comm")).strip();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ticks += ticks(Files.readString(thread.resolve("stat")));
                    }
                } catch (IOException exited) {
                    // a thread that ended between the listing and the read (ENOENT or ESRCH)
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime of one {@code stat} line (fields 14 and 15; the name in parentheses may hold spaces). */
    static long ticks(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }
}
