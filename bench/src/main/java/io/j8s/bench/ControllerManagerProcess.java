package io.j8s.bench;

import java.io.IOException;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code j8s controller-manager} as a child process (the cli jar on this JDK), an API
 * client of an API server given by URL through a kubeconfig with no credentials (the benches'
 * plain-HTTP server authenticates nobody), serving /metrics on a free loopback port. A process of
 * its own so that its CPU time and resident set are its own, read from /proc.
 */
final class ControllerManagerProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final Path log;
    private final int metricsPort;
    private final List<String> command;
    private final Thread orphanGuard;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ControllerManagerProcess(Process process, Path dir, Path log, int metricsPort, List<String> command) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.metricsPort = metricsPort;
        this.command = command;
        this.orphanGuard = new Thread(this::stop, "j8s-bench-stop-controller-manager");
        Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    /** Starts it against {@code apiUrl} and waits, at most {@code timeout}, until it leads (its controllers run). */
    static ControllerManagerProcess start(Path jar, String apiUrl, List<String> jvmOptions, List<String> flags, Duration timeout)
            throws Exception {
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: build with ./j8s build");
        Path dir = Files.createTempDirectory("j8s-bench-kcm-");
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: bench
                  cluster:
                    server: %s
                contexts:
                - name: bench
                  context:
                    cluster: bench
                    user: bench
                current-context: bench
                users:
                - name: bench
                  user: {}
                """.formatted(apiUrl));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) command.add("--sun-misc-unsafe-memory-access=allow");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "controller-manager", "--kubeconfig", kubeconfig.toString(),
                "--bind-address", "127.0.0.1", "--secure-port", Integer.toString(port)));
        command.addAll(flags);
        Path log = dir.resolve("controller-manager.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ControllerManagerProcess cm = new ControllerManagerProcess(process, dir, log, port, command);
        try {
            cm.awaitLeading(timeout);
        } catch (Exception e) {
            System.err.println("j8s controller-manager did not start; its log:\n" + cm.logTail());
            cm.close();
            throw e;
        }
        return cm;
    }

    private void awaitLeading(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) throw new IllegalStateException("j8s controller-manager exited with " + process.exitValue());
            if (System.nanoTime() > deadline) throw new IllegalStateException("j8s controller-manager not leading within " + timeout);
            try {
                if (sample(metrics(), "leader_election_master_status{name=\"kube-controller-manager\"}") == 1) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
    }

    /** Its /metrics, as scraped now. */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("/metrics answered " + r.statusCode());
        return r.body();
    }

    /** The value of the sample {@code series} ({@code name{labels}}) in a text exposition; NaN when absent. */
    static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    long pid() {
        return process.pid();
    }

    String commandLine() {
        return String.join(" ", command);
    }

    /** A line of /proc/PID/status ({@code VmRSS}, {@code VmHWM}) in KiB. */
    long statusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    }

    /** The Java heap in use now, in KiB, from {@code jcmd PID GC.heap_info}; empty if it did not answer. */
    Optional<Long> heapUsedKiB() {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return Optional.empty();
            Matcher m = Pattern.compile("used (\\d+)K").matcher(out);
            return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
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
        StoreBench.deleteTree(dir);
    }
}
