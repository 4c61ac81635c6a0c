package io.j8s.bench;

import io.j8s.store.Store;
import io.j8s.store.etcd.EtcdProcess;
import io.j8s.store.etcd.EtcdStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The etcd side of the benchmark: a fresh single-member etcd from PATH on loopback ports (the
 * store's test fixture, with its data in a temp directory and etcd's default fsync of the WAL
 * on every commit batch), reached through {@link EtcdStore}.
 */
final class Etcd {

    private Etcd() {}

    /** A running etcd backend, or null (reason printed) when there is no etcd on PATH. */
    static StoreBench.Backend open() throws Exception {
        Optional<Path> binary = onPath("etcd");
        if (binary.isEmpty()) {
            System.out.println("etcd: not found on PATH; measuring the embedded store only");
            return null;
        }
        EtcdProcess process = EtcdProcess.start();
        EtcdStore store;
        try {
            store = EtcdStore.connect(process.endpoints());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        System.out.println("etcd: " + version(binary.get()) + " at " + process.endpoint() + ", data in " + process.dataDir());
        return new StoreBench.Backend() {
            @Override
            public String name() {
                return "etcd";
            }

            @Override
            public Store store() {
                return store;
            }

            @Override
            public void close() {
                try {
                    store.close();
                } finally {
                    process.close();
                }
            }
        };
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(java.io.File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    /** The first line of {@code etcd --version}, for the record. */
    private static String version(Path etcd) {
        try {
            Process p = new ProcessBuilder(etcd.toString(), "--version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("etcd");
            p.waitFor();
            return first;
        } catch (Exception e) {
            return "etcd (version unknown: " + e + ")";
        }
    }
}
