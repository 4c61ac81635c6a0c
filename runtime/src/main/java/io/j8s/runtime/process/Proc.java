package io.j8s.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Processes by pid, with their start time so a recycled pid is never mistaken for ours. On Linux
 * the start time is field 22 of {@code /proc/PID/stat} (clock ticks since boot); elsewhere the
 * JDK's start instant in milliseconds.
 */
final class Proc {
    private Proc() {
    }

    /** The process's start time, or empty when there is no such process. */
    static Optional<Long> startTime(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String s = Files.readString(stat);
                // The command name (field 2) is in parentheses and may hold spaces: count after it.
                String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
                if (rest[0].equals("Z") || rest[0].equals("X")) {
                    return Optional.empty(); // a zombie has finished running
                }
                return Optional.of(Long.parseLong(rest[19]));
            } catch (IOException | RuntimeException gone) {
                return Optional.empty();
            }
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli);
    }

    /** Whether {@code pid} is alive and still the process that started at {@code startTime}. */
    static boolean alive(long pid, long startTime) {
        return startTime(pid).map(t -> t == startTime).orElse(false);
    }

    /** Sends a signal (by name: TERM, KILL) to one process; quiet when it is gone. */
    static void signal(long pid, String signal) {
        if (pid > 0) {
            Cmd.run("kill", "-" + signal, Long.toString(pid));
        }
    }

    /** Sends a signal to a process group; quiet when it is gone. */
    static void signalGroup(long pgid, String signal) {
        if (pgid > 1) {
            Cmd.run("kill", "-" + signal, "--", "-" + pgid);
        }
    }
}
