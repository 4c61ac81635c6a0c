package io.j8s.store.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway single-member etcd for tests: Debian's {@code etcd} from PATH on two free loopback
 * ports, with a temp data directory and its log in that directory. Tests are skipped, not
 * passed, where etcd is not installed.
 *
 * <p>Tuned for tests: 10 ms heartbeats and a 100 ms election timeout elect the member in a few
 * tens of milliseconds and make etcd's minimum lease TTL 1 s; {@code --max-request-bytes} is
 * 2 MiB so that the store's own 1.5 MiB check is the limit tests meet.
 */
public final class EtcdProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final String NAME = "j8s-test";

    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private EtcdProcess(Path dir, int clientPort, int peerPort) {
        this.dir = dir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** A fresh, empty etcd. */
    public static EtcdProcess start() throws IOException {
        Path etcd = executable("etcd");
        IOException failure = null;
        // A port can be taken between freePorts() and etcd binding it; try again on others.
        for (int attempt = 0; attempt < 3; attempt++) {
            int[] ports = freePorts();
            EtcdProcess p = new EtcdProcess(Files.createTempDirectory("j8s-etcd-"), ports[0], ports[1]);
            try {
                p.launch(etcd);
                return p;
            } catch (IOException e) {
                p.stop();
                failure = e;
            }
        }
        throw failure;
    }

    /** An etcd holding what {@code snapshotFile} (from {@code EtcdStore.snapshot}) holds. */
    public static EtcdProcess restoreFrom(Path snapshotFile) throws IOException {
        Path etcd = executable("etcd");
        Path etcdctl = executable("etcdctl");
        Path dir = Files.createTempDirectory("j8s-etcd-");
        int[] ports = freePorts();
        EtcdProcess p = new EtcdProcess(dir, ports[0], ports[1]);
        ProcessBuilder restore = new ProcessBuilder(etcdctl.toString(), "snapshot", "restore", snapshotFile.toString(),
                "--data-dir", p.dataDir().toString(),
                "--name", NAME,
                "--initial-cluster", NAME + "=" + p.peerUrl(),
                "--initial-advertise-peer-urls", p.peerUrl())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("restore.log").toFile());
        restore.environment().put("ETCDCTL_API", "3");
        int exit = waitFor(restore.start(), START_TIMEOUT);
        if (exit != 0) {
            String log = Files.readString(dir.resolve("restore.log"));
            p.deleteDir();
            throw new IOException("etcdctl snapshot restore failed (" + exit + "): " + log);
        }
        p.launch(etcd);
        return p;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public List<String> endpoints() {
        return List.of(endpoint());
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    /** Stops etcd and starts it again on the same data and ports, as after a reboot. */
    public void restart() throws IOException {
        halt();
        launch(executable("etcd"));
    }

    /** Stops etcd and deletes its directory. */
    public void stop() {
        halt();
        deleteDir();
    }

    @Override
    public void close() {
        stop();
    }

    private String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    private void launch(Path etcd) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(etcd.toString(),
                "--name", NAME,
                "--data-dir", dataDir().toString(),
                "--listen-client-urls", endpoint(),
                "--advertise-client-urls", endpoint(),
                "--listen-peer-urls", peerUrl(),
                "--initial-advertise-peer-urls", peerUrl(),
                "--initial-cluster", NAME + "=" + peerUrl(),
                "--heartbeat-interval=10",
                "--election-timeout=100",
                "--max-request-bytes=2097152",
                "--logger=zap",
                "--log-outputs=" + dir.resolve("etcd.log")));
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.out").toFile()))
                .start();
        awaitHealthy();
    }

    /** etcd's /health says true once the member has a leader and serves requests. */
    private void awaitHealthy() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health")).timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + " while starting; see " + dir.resolve("etcd.log"));
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"true\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for etcd", e);
            }
            try {
                process.waitFor(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for etcd", e);
            }
        }
        halt();
        throw new IOException("etcd not healthy within " + START_TIMEOUT + "; see " + dir.resolve("etcd.log"));
    }

    private void halt() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void deleteDir() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    /** The executable on PATH, or the calling test is skipped. */
    private static Path executable(String name) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(), name + " is not installed (not on PATH); etcd tests skipped");
        return found.get();
    }

    /**
     * Two ports the kernel just handed out on loopback. Another process may take one before etcd
     * binds it; etcd then fails to start with "address already in use", which the caller sees.
     */
    private static int[] freePorts() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket a = new ServerSocket(0, 1, loopback); ServerSocket b = new ServerSocket(0, 1, loopback)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    private static int waitFor(Process p, Duration limit) throws IOException {
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + limit);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
