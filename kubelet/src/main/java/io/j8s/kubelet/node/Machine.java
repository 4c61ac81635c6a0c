package io.j8s.kubelet.node;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The machine a node runs on, as upstream's cadvisor reports it: capacity (cpus, memory, disk),
 * what is free (for the pressure conditions) and who it is (kernel, OS, ids). Tests give a fake.
 */
public interface Machine {

    int cpus();

    long memoryBytes();

    long memoryAvailableBytes();

    /** Size and free space of the filesystem holding the kubelet's data (nodefs). */
    long diskBytes();

    long diskAvailableBytes();

    /** Processes running, and the most there may be ({@code kernel.pid_max}). */
    long pids();

    long pidMax();

    String kernelVersion();

    String osImage();

    /** Go's names: linux; amd64, arm64. */
    String operatingSystem();

    String architecture();

    String machineId();

    String systemUuid();

    String bootId();

    String hostname();

    /** This Linux machine, its disk measured at {@code dataDir}. */
    static Machine linux(Path dataDir) {
        return new Linux(dataDir);
    }

    final class Linux implements Machine {
        private final Path dataDir;

        Linux(Path dataDir) {
            this.dataDir = dataDir;
        }

        /** Reads a /proc or /sys file; through a stream, since their sizes are not what they hold. */
        private static String read(String file, String fallback) {
            try (var in = Files.newInputStream(Path.of(file))) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                return fallback;
            }
        }

        private static long meminfo(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith(key + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through
            }
            return -1;
        }

        @Override
        public int cpus() {
            return Runtime.getRuntime().availableProcessors();
        }

        @Override
        public long memoryBytes() {
            long m = meminfo("MemTotal");
            return m > 0 ? m : Runtime.getRuntime().maxMemory();
        }

        @Override
        public long memoryAvailableBytes() {
            long m = meminfo("MemAvailable");
            return m >= 0 ? m : memoryBytes();
        }

        private FileStore store() throws IOException {
            Path p = dataDir;
            while (p != null && !Files.exists(p)) p = p.getParent();
            return Files.getFileStore(p == null ? Path.of("/") : p);
        }

        @Override
        public long diskBytes() {
            try {
                return store().getTotalSpace();
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public long diskAvailableBytes() {
            try {
                return store().getUsableSpace();
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public long pids() {
            try (var dirs = Files.list(Path.of("/proc"))) {
                return dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public long pidMax() {
            try {
                return Long.parseLong(read("/proc/sys/kernel/pid_max", "32768"));
            } catch (NumberFormatException e) {
                return 32768;
            }
        }

        @Override
        public String kernelVersion() {
            return read("/proc/sys/kernel/osrelease", System.getProperty("os.version"));
        }

        @Override
        public String osImage() {
            try {
                for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                    if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
                }
            } catch (IOException e) {
                // fall through
            }
            return System.getProperty("os.name");
        }

        @Override
        public String operatingSystem() {
            return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux"
                    : System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(" ", "");
        }

        @Override
        public String architecture() {
            String a = System.getProperty("os.arch");
            return switch (a) {
                case "x86_64", "amd64" -> "amd64";
                case "aarch64", "arm64" -> "arm64";
                default -> a;
            };
        }

        @Override
        public String machineId() {
            return read("/etc/machine-id", "");
        }

        @Override
        public String systemUuid() {
            String u = read("/sys/class/dmi/id/product_uuid", "");
            return u.isEmpty() ? machineId() : u.toLowerCase(Locale.ROOT);
        }

        @Override
        public String bootId() {
            return read("/proc/sys/kernel/random/boot_id", UUID.nameUUIDFromBytes(List.of(hostname()).toString().getBytes()).toString());
        }

        @Override
        public String hostname() {
            String h = read("/proc/sys/kernel/hostname", "");
            return h.isEmpty() ? "localhost" : h.toLowerCase(Locale.ROOT);
        }
    }
}
