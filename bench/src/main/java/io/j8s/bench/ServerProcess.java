package io.j8s.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A real {@code j8s server} as a child process, started by {@code ./j8s server} on this JDK (the
 * launcher execs the JVM, so the child's pid is the server's): a fresh temp data directory, a
 * free loopback port, the embedded store. Ready once {@code /readyz} says ok to the admin of the
 * kubeconfig it wrote.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final List<String> command;
    /** Stops the server if this JVM is stopped first (Ctrl-C, timeout): a child outlives its parent otherwise. */
    private final Thread orphanGuard;
    private final AtomicBoolean closed = new AtomicBoolean();
    private AdminClient admin;

    private final int port;
    private final String benchToken;

    private ServerProcess(Process process, Path dataDir, Path log, List<String> command, int port, String benchToken) {
        this.port = port;
        this.benchToken = benchToken;
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.command = command;
        this.orphanGuard = new Thread(this::stop, "j8s-bench-stop-server");
        Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    /** Starts the server from {@code jar} and waits, at most {@code timeout}, until it is ready. */
    static ServerProcess start(Path jar, List<String> jvmOptions, Duration timeout) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./j8s build");
        }
        Path dataDir = Files.createTempDirectory("j8s-bench-api-");
        Path log = Files.createTempFile("j8s-bench-api-", ".log");
        int port = freePort();
        // A static token for load generators that cannot present a client certificate (h2load).
        String token = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
        Path tokens = dataDir.resolve("bench-tokens.csv");
        Files.writeString(tokens, token + ",bench,bench,\"system:masters\"\n");
        // Through the project's launcher, with this JDK: its JVM options (memory settings, the AOT
        // cache) are part of what users run; the bench's JVM options go where a user's would.
        Path launcher = jar.toAbsolutePath().getParent().getParent().getParent().resolve("j8s");
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "server"));
        command.addAll(List.of("--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--token-auth-file", tokens.toString()));
        // More server flags, e.g. --disable scheduler,controller-manager to measure the API server alone.
        String extra = System.getenv().getOrDefault("J8S_BENCH_SERVER_ARGS", "").trim();
        if (!extra.isEmpty()) command.addAll(List.of(extra.split("\\s+")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("J8S_JAVA_OPTS", String.join(" ", jvmOptions));
        Process process = builder.start();
        ServerProcess server = new ServerProcess(process, dataDir, log, command, port, token);
        try {
            server.awaitReady(timeout);
        } catch (Exception e) {
            System.err.println("j8s server did not get ready; its log:\n" + server.logTail());
            server.close();
            throw e;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path kubeconfig = dataDir.resolve("kubeconfig");
        HttpClient client = null;
        while (true) {
            if (!process.isAlive()) throw new IllegalStateException("j8s server exited with " + process.exitValue());
            if (System.nanoTime() > deadline) throw new IllegalStateException("j8s server not ready within " + timeout);
            try {
                if (admin == null && Files.exists(kubeconfig)) {
                    admin = AdminClient.fromKubeconfig(kubeconfig);
                    client = admin.connection();
                }
                if (client != null) {
                    HttpResponse<String> r = client.send(admin.get("/readyz"), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().trim().equals("ok")) return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
    }

    AdminClient admin() {
        return admin;
    }

    /** The server's base URL, {@code https://127.0.0.1:PORT}. */
    String url() {
        return "https://127.0.0.1:" + port;
    }

    /** A bearer token of a user in system:masters, from the server's --token-auth-file. */
    String benchToken() {
        return benchToken;
    }

    long pid() {
        return process.pid();
    }

    String commandLine() {
        return String.join(" ", command);
    }

    Path dataDir() {
        return dataDir;
    }

    /** VmRSS of the server's JVM, in KiB, from /proc/PID/status. */
    long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid() + "/status");
    }

    /** The bytes of the files under the store's directory ({@code db/}), as {@code du --apparent-size}. */
    long storeBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("db"))) {
            long total = 0;
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** The output of {@code jcmd PID command}, from this JDK; empty if it did not answer. */
    Optional<String> jcmd(String command) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return Optional.empty();
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
        } catch (IllegalStateException e) {
            // the JVM is already stopping; the guard does the same
        }
        stop();
    }

    /** Stops the server as an operator would (SIGTERM, its shutdown hook), then removes its files; once. */
    private void stop() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        StoreBench.deleteTree(dataDir);
        if (System.getenv("J8S_BENCH_KEEP_LOG") != null) {
            System.out.println("  the server's log is kept: " + log);
            return;
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file; nothing depends on it
        }
    }
}
