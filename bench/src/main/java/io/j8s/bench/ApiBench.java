package io.j8s.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server benchmark of issue #3, against a real {@code j8s server} child process over
 * HTTPS (HTTP/2, the admin's client certificate from the kubeconfig it wrote):
 * <ol>
 *   <li>creates: {@code --clients} clients POST small ConfigMaps back to back, {@code --warmup}
 *       seconds unrecorded, then {@code --seconds} recorded;
 *   <li>watch: {@code --watchers} watches of one namespace, then {@code --events} creates there
 *       at {@code --event-rate} per second; every watcher must see every event;
 *   <li>rss: a fresh server, {@code --objects} ConfigMaps created as fast as it takes them, then
 *       its RSS after {@code --settle} seconds idle, and its store's size.
 * </ol>
 * Run it through {@code bench/api.sh}.
 */
public final class ApiBench {

    /** The goals of issue #3. */
    static final double CREATE_GOAL = 3000;
    static final double CREATE_P99_GOAL_MS = 50;
    static final double DELIVERY_P99_GOAL_MS = 1000;

    static final List<String> PARTS = List.of("creates", "watch", "rss");

    record Config(Set<String> parts, Duration warmup, Duration measure, int clients, int connections, int watchers, int events, double eventRate,
                  int streamsPerConnection, Duration drain, int objects, Duration fillLimit, Duration settle, Path jar, List<String> serverJvm,
                  String loadGenerator) {}

    /** The server's memory: VmRSS idle after start, idle with the objects, and after a full GC asked for by jcmd. */
    record Memory(int objects, CreateLoad.Result fill, long baselineKiB, long loadedKiB, long storeBytes,
                  Optional<long[]> heap, long afterFullGcKiB, Optional<long[]> heapAfterFullGc) {}

    private ApiBench() {}

    public static void main(String[] args) throws Exception {
        Config config = parse(args);
        System.out.printf(Locale.ROOT, "j8s API benchmark: %d cores (load average %.2f at start), %s; parts %s%n",
                Runtime.getRuntime().availableProcessors(), load(), System.getProperty("java.vm.name") + " " + Runtime.version(),
                String.join(",", PARTS.stream().filter(config.parts()::contains).toList()));
        CreateLoad.Result creates = null;
        WatchFanOut.Result watch = null;
        Memory memory = null;
        if (config.parts().contains("creates") || config.parts().contains("watch")) {
            try (ServerProcess server = started(config)) {
                if (config.parts().contains("creates")) {
                    creates = creates(server, config);
                }
                if (config.parts().contains("watch")) {
                    watch = watch(server, config);
                }
            }
        }
        if (config.parts().contains("rss")) {
            try (ServerProcess server = started(config)) {
                memory = memory(server, config);
            }
        }
        System.out.printf(Locale.ROOT, "%nload average at the end: %.2f%n%n", load());
        System.out.print(ApiReport.table(config, creates, watch, memory));
        System.out.println();
        ApiReport.verdicts(config, creates, watch, memory).forEach(System.out::println);
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static ServerProcess started(Config config) throws Exception {
        long t0 = System.nanoTime();
        ServerProcess server = ServerProcess.start(config.jar(), config.serverJvm(), Duration.ofSeconds(60));
        System.out.printf(Locale.ROOT, "%nserver: pid %d ready in %.1f s, data in %s%n  %s%n", server.pid(),
                (System.nanoTime() - t0) / 1e9, server.dataDir(), server.commandLine());
        return server;
    }

    private static CreateLoad.Result creates(ServerProcess server, Config config) throws Exception {
        if (config.loadGenerator().equals("h2load")) {
            System.out.printf(Locale.ROOT, "creates: %s, warm-up %d s, measure %d s ...%n", H2loadCreates.describe(config.clients()),
                    config.warmup().toSeconds(), config.measure().toSeconds());
            List<String> problems = new ArrayList<>();
            CreateLoad.Result r = H2loadCreates.run(server, "default", config.clients(), config.warmup().toSeconds(),
                    config.measure().toSeconds(), problems);
            System.out.printf(Locale.ROOT, "  %.0f creates/s, p50 %.2f ms, p99 %.2f ms; CPU cores busy: server %.2f, h2load %.2f (load average %.2f)%n",
                    r.perSecond(), ms(r.latencies().percentile(0.50)), ms(r.latencies().percentile(0.99)),
                    r.serverCpuNanos() / 1e9 / r.seconds(), r.benchCpuNanos() / 1e9 / r.seconds(), load());
            problems.forEach(p -> System.out.println("  problem: " + p));
            return r;
        }
        System.out.printf(Locale.ROOT, "creates: %d clients over %d HTTP/2 connections, warm-up %d s, measure %d s ...%n",
                config.clients(), config.connections(), config.warmup().toSeconds(), config.measure().toSeconds());
        CreateLoad load = CreateLoad.open(server, "default", config.clients(), config.connections());
        try {
            CreateLoad.Result r = load.forDuration("bench-create", config.warmup().toNanos(), config.measure().toNanos());
            System.out.printf(Locale.ROOT, "  %.0f creates/s, p50 %.2f ms, p99 %.2f ms; CPU cores busy: server %.2f, bench %.2f (load average %.2f)%n",
                    r.perSecond(), ms(r.latencies().percentile(0.50)), ms(r.latencies().percentile(0.99)),
                    r.serverCpuNanos() / 1e9 / r.seconds(), r.benchCpuNanos() / 1e9 / r.seconds(), load());
            return r;
        } finally {
            load.close();
        }
    }

    private static WatchFanOut.Result watch(ServerProcess server, Config config) throws Exception {
        System.out.printf(Locale.ROOT, "watch: %d watchers, %d per HTTP/2 connection, then %d creates at %.0f/s ...%n",
                config.watchers(), config.streamsPerConnection(), config.events(), config.eventRate());
        WatchFanOut.Result r = new WatchFanOut(server, new WatchFanOut.Config(config.watchers(), config.events(),
                config.eventRate(), config.streamsPerConnection(), Duration.ofSeconds(120), config.drain())).run();
        System.out.printf(Locale.ROOT, "  %d creates answered 201; delivered %d of %d, lost %d, duplicates %d, re-watches %d; p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "creates sent over %.1f s; CPU cores busy: server %.2f, bench %.2f (load average %.2f)%n", r.created(), r.delivered(),
                r.watchers() * r.created(), r.lost(), r.duplicates(), r.rewatches(), ms(r.latencies().percentile(0.50)),
                ms(r.latencies().percentile(0.99)), ms(r.maxNanos()), r.produceSeconds(), r.serverCpuNanos() / 1e9 / r.deliverSeconds(),
                r.benchCpuNanos() / 1e9 / r.deliverSeconds(), load());
        r.problems().forEach(p -> System.out.println("  problem: " + p));
        if (!r.problems().isEmpty()) {
            System.out.println("  the server's log ends:\n" + server.logTail().indent(4));
        }
        return r;
    }

    private static Memory memory(ServerProcess server, Config config) throws Exception {
        Thread.sleep(config.settle().toMillis());
        long baseline = server.rssKiB();
        System.out.printf(Locale.ROOT, "rss: %d MiB idle after start; creating %d ConfigMaps with %d clients over %d connections (at most %d s) ...%n",
                baseline / 1024, config.objects(), config.clients(), config.connections(), config.fillLimit().toSeconds());
        HttpClient control = server.admin().openConnection();
        server.admin().createNamespace(control, "bench-rss");
        control.shutdownNow();
        CreateLoad load = CreateLoad.open(server, "bench-rss", config.clients(), config.connections());
        CreateLoad.Result fill;
        try {
            fill = load.count("bench-rss", config.objects(), config.fillLimit().toNanos());
        } finally {
            load.close();
        }
        System.out.printf(Locale.ROOT, "  created %d in %.1f s (%.0f/s); idle %d s ...%n", fill.created(), fill.seconds(),
                fill.perSecond(), config.settle().toSeconds());
        Thread.sleep(config.settle().toMillis());
        long loaded = server.rssKiB();
        long store = server.storeBytes();
        Optional<long[]> heap = heap(server);
        // Not part of the figure: how much of that RSS the live objects need, for the reader.
        server.jcmd("GC.run");
        Thread.sleep(2000);
        long afterGc = server.rssKiB();
        Optional<long[]> heapAfterGc = heap(server);
        System.out.printf(Locale.ROOT, "  RSS %d MiB, store %d MiB; after jcmd GC.run RSS %d MiB (load average %.2f)%n", loaded / 1024,
                store >> 20, afterGc / 1024, load());
        return new Memory(config.objects(), fill, baseline, loaded, store, heap, afterGc, heapAfterGc);
    }

    private static final Pattern HEAP = Pattern.compile("heap\\s+total reserved \\d+K, committed (\\d+)K, used (\\d+)K");

    /** {committed, used} KiB of the Java heap, from {@code jcmd PID GC.heap_info}. */
    private static Optional<long[]> heap(ServerProcess server) {
        return server.jcmd("GC.heap_info").flatMap(out -> {
            Matcher m = HEAP.matcher(out);
            return m.find() ? Optional.of(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))}) : Optional.empty();
        });
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static Config parse(String[] args) {
        Set<String> parts = Set.copyOf(PARTS);
        // The server's JIT needs about this long on two busy cores before a create costs what it will.
        Duration warmup = Duration.ofSeconds(20);
        Duration measure = Duration.ofSeconds(20);
        int clients = 32;
        int connections = Integer.MAX_VALUE;
        int watchers = 1000;
        int events = 10_000;
        double eventRate = 100;
        int streams = 100;
        Duration drain = Duration.ofSeconds(300);
        int objects = 100_000;
        Duration fillLimit = Duration.ofSeconds(600);
        Duration settle = Duration.ofSeconds(10);
        Path jar = Path.of("cli/target/j8s.jar");
        String loadGenerator = H2loadCreates.available() ? "h2load" : "jdk";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = i + 1 < args.length ? args[++i] : usage("missing value after " + flag);
            switch (flag) {
                case "--parts" -> {
                    parts = Set.of(value.split(","));
                    if (!PARTS.containsAll(parts)) usage("--parts takes " + String.join(",", PARTS) + ", not " + value);
                }
                case "--seconds" -> measure = Duration.ofSeconds(Long.parseLong(value));
                case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(value));
                case "--clients" -> clients = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--watchers" -> watchers = Integer.parseInt(value);
                case "--events" -> events = Integer.parseInt(value);
                case "--event-rate" -> eventRate = Double.parseDouble(value);
                case "--streams-per-connection" -> streams = Integer.parseInt(value);
                case "--drain" -> drain = Duration.ofSeconds(Long.parseLong(value));
                case "--objects" -> objects = Integer.parseInt(value);
                case "--fill-limit" -> fillLimit = Duration.ofSeconds(Long.parseLong(value));
                case "--settle" -> settle = Duration.ofSeconds(Long.parseLong(value));
                case "--jar" -> jar = Path.of(value);
                case "--load-generator" -> {
                    if (!value.equals("h2load") && !value.equals("jdk")) usage("--load-generator takes h2load or jdk, not " + value);
                    if (value.equals("h2load") && !H2loadCreates.available()) usage("h2load is not installed (apt-get install nghttp2-client)");
                    loadGenerator = value;
                }
                default -> usage("unknown flag " + flag);
            }
        }
        if (measure.isZero() || measure.isNegative() || drain.isNegative() || warmup.isNegative() || settle.isNegative() || fillLimit.isNegative()) {
            usage("--seconds and --fill-limit must be positive, --warmup and --settle not negative");
        }
        if (clients < 1 || connections < 1 || watchers < 1 || events < 1 || eventRate <= 0 || objects < 1 || streams < 1 || streams > 250) {
            usage("counts must be positive, --streams-per-connection at most the server's 250");
        }
        String jvm = System.getenv().getOrDefault("J8S_BENCH_SERVER_JAVA_OPTS", "").trim();
        List<String> serverJvm = jvm.isEmpty() ? List.of() : Arrays.asList(jvm.split("\\s+"));
        return new Config(parts, warmup, measure, clients, Math.min(clients, connections), watchers, events, eventRate, streams, drain, objects, fillLimit, settle, jar,
                new ArrayList<>(serverJvm), loadGenerator);
    }

    private static <T> T usage(String problem) {
        System.err.println("api bench: " + problem);
        System.err.println("usage: bench/api.sh [--parts creates,watch,rss] [--seconds N] [--warmup N] [--clients N] [--connections N] [--watchers N]"
                + " [--events N] [--event-rate N] [--streams-per-connection N] [--drain SECONDS] [--objects N] [--fill-limit SECONDS] [--settle SECONDS]"
                + " [--load-generator h2load|jdk]");
        System.exit(2);
        throw new AssertionError();
    }
}
