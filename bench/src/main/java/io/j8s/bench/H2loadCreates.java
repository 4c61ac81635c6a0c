package io.j8s.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The creates part with nghttp2's {@code h2load} as the load generator: a C client that spends
 * a fraction of the CPU per request that the JDK {@code HttpClient} does, so on a machine whose
 * two cores the client and the server share, more of them go to the server being measured (the
 * usual way to load-test an HTTP server: wrk, h2load). {@code --clients} connections, one
 * request in flight on each ({@code -m 1}), each a POST of a ConfigMap with {@code generateName}
 * (h2load sends one body, so the server draws the names), authenticated by a bearer token from
 * the server's {@code --token-auth-file}. A warm-up run, then a recorded run whose per-request
 * log ({@code --log-file}: start, status, microseconds to the end of the response) gives the
 * latencies.
 */
final class H2loadCreates {

    private H2loadCreates() {}

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "h2load"))) return true;
        }
        return false;
    }

    /** Runs the warm-up and the recorded window; problems (non-201 answers, h2load errors) go to {@code problems}. */
    static CreateLoad.Result run(ServerProcess server, String namespace, int clients, long warmupSeconds, long measureSeconds,
                                 List<String> problems) throws Exception {
        Path dir = Files.createTempDirectory("j8s-bench-h2load-");
        Path body = dir.resolve("configmap.json");
        // The JDK client's body, with generateName for name: 200 bytes of data, about 320 bytes in all.
        Files.writeString(body, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"bench-h2load-\","
                + "\"namespace\":\"" + namespace + "\"},\"data\":{\"payload\":\"" + "x".repeat(200) + "\"}}");
        String url = server.url() + "/api/v1/namespaces/" + namespace + "/configmaps";
        if (warmupSeconds > 0) {
            h2load(server, clients, warmupSeconds, body, url, null);
        }
        Path log = dir.resolve("requests.log");
        long cpu0 = Cpu.processNanos(server.pid());
        long t0 = System.nanoTime();
        Run run = h2load(server, clients, measureSeconds, body, url, log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long serverCpu = Cpu.processNanos(server.pid()) - cpu0;
        Latencies latencies = new Latencies();
        long created = 0;
        long refused = 0;
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split("\t");
            if (f.length < 3) continue;
            if (f[1].equals("201")) {
                created++;
                latencies.record(Long.parseLong(f[2]) * 1000);
            } else {
                refused++;
            }
        }
        if (refused > 0) problems.add(refused + " creates were not answered 201");
        if (run.exit() != 0) problems.add("h2load exited with " + run.exit() + ": " + run.output().strip());
        // h2load's window is its own --duration, without connecting and the last responses' wait.
        double window = Math.min(seconds, measureSeconds);
        return new CreateLoad.Result(created, window, latencies, Math.round(serverCpu * window / seconds),
                Math.round(run.cpuNanos() * window / seconds));
    }

    record Run(int exit, String output, long cpuNanos) {}

    /**
     * One h2load run in a shell that, once h2load has exited, prints its own /proc stat: the
     * children's user and system time (fields 16 and 17) are h2load's CPU.
     */
    private static Run h2load(ServerProcess server, int clients, long seconds, Path body, String url, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "h2load \"$@\"; s=$?; echo; echo J8S-STAT $(cat /proc/$$/stat); exit $s",
                "sh", "--duration=" + seconds, "-c", Integer.toString(clients), "-m", "1", "--data=" + body,
                "--header=content-type: application/json", "--header=authorization: Bearer " + server.benchToken()));
        if (log != null) cmd.add("--log-file=" + log);
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(seconds + 120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("h2load did not finish");
        }
        long cpu = 0;
        StringBuilder rest = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("J8S-STAT ")) {
                String stat = line.substring("J8S-STAT ".length());
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu = (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L; // cutime + cstime, 100 ticks/s
            } else {
                rest.append(line).append('\n');
            }
        }
        return new Run(p.exitValue(), rest.toString(), cpu);
    }

    static String describe(int clients) {
        return String.format(Locale.ROOT, "h2load, %d connections, 1 request in flight on each", clients);
    }
}
