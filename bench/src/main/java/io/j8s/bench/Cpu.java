package io.j8s.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far, all threads, by this JVM and by another process: on a machine whose
 * cores the client and the server share, this is where a throughput figure comes from.
 */
final class Cpu {

    /** Linux's USER_HZ, what /proc/PID/stat counts in on every architecture it exposes to user space. */
    private static final long TICKS_PER_SECOND = 100;

    private Cpu() {}

    static long benchNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of {@code pid} (fields 14 and 15 of /proc/PID/stat), in nanoseconds, 10 ms granular. */
    static long processNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000 / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
