package io.j8s.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The etcd side of the benchmark: a real etcd member on loopback ports, reached through EtcdStore. */
final class Etcd {

    private Etcd() {}

    /** A running etcd backend, or null (reason printed) when there is no etcd on PATH. */
    static StoreBench.Backend open() throws Exception {
        Optional<Path> binary = onPath("etcd");
        if (binary.isEmpty()) {
            System.out.println("etcd: not found on PATH; measuring the embedded store only");
            return null;
        }
        System.out.println("etcd: the etcd backend is not on this branch yet; skipped");
        return null;
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(java.io.File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }
}
