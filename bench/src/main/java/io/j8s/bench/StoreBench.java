package io.j8s.bench;

import io.j8s.store.Op;
import io.j8s.store.RangeRequest;
import io.j8s.store.Store;
import io.j8s.store.Txn;
import io.j8s.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Store throughput and latency: the embedded engine against a real etcd 3.4 member on this
 * machine, at the same durability (both fsync before acknowledging a write: etcd its WAL per
 * commit batch, the embedded store its log per group commit).
 *
 * <p>Each client is one platform thread making synchronous {@link Store} calls back to back:
 * <ul>
 *   <li>write: a txn with one unconditional put of a fresh key under {@code /bench/w/} with a
 *       256-byte value (what an API server create does, less the compare);
 *   <li>read: a single-key range of a random one of {@value #READ_KEYS} preloaded keys, at the
 *       current revision (the backend's default consistency).
 * </ul>
 * A cell runs {@code --warmup} seconds unrecorded, then {@code --seconds} recorded; ops/s counts
 * ops started in the recorded window. Run it through {@code bench/store.sh}.
 */
public final class StoreBench {

    static final int READ_KEYS = 10_000;
    static final int VALUE_BYTES = 256;

    /** The goals of issue #2, at 16 clients. */
    static final int GOAL_CLIENTS = 16;
    static final double WRITE_GOAL = 2.0;
    static final double READ_GOAL = 5.0;

    enum Workload { WRITE, READ }

    record Config(List<String> backends, Duration warmup, Duration measure, List<Integer> clients) {}

    record Cell(String backend, Workload workload, int clients, double opsPerSecond, long p50Nanos, long p99Nanos) {}

    /** A store to measure, and whatever must be stopped with it. */
    interface Backend extends AutoCloseable {
        String name();

        Store store();

        @Override
        void close() throws Exception;
    }

    private StoreBench() {}

    public static void main(String[] args) throws Exception {
        Config config = parse(args);
        List<Cell> cells = new ArrayList<>();
        System.out.printf(Locale.ROOT, "j8s store benchmark: %d cores (load average %.2f at start), %s, warm-up %d s, measure %d s per cell, clients %s%n",
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                config.warmup().toSeconds(), config.measure().toSeconds(), config.clients());
        for (String name : config.backends()) {
            try (Backend backend = open(name)) {
                if (backend == null) {
                    continue;
                }
                cells.addAll(measure(backend, config));
            }
        }
        System.out.printf(Locale.ROOT, "%nload average at the end: %.2f%n%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.print(Report.table(cells));
        System.out.print(Report.ratios(cells));
        System.out.println(Report.verdict(cells));
    }

    static Config parse(String[] args) {
        List<String> backends = List.of("embedded", "etcd");
        Duration warmup = Duration.ofSeconds(5);
        Duration measure = Duration.ofSeconds(10);
        List<Integer> clients = List.of(1, 16, 64);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = i + 1 < args.length ? args[++i] : usage("missing value after " + flag);
            switch (flag) {
                case "--backend" -> backends = switch (value) {
                    case "both" -> List.of("embedded", "etcd");
                    case "embedded", "etcd" -> List.of(value);
                    default -> usage("--backend is embedded, etcd or both, not " + value);
                };
                case "--seconds" -> measure = Duration.ofSeconds(Long.parseLong(value));
                case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(value));
                case "--clients" -> clients = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
                default -> usage("unknown flag " + flag);
            }
        }
        if (measure.isZero() || measure.isNegative() || warmup.isNegative()) {
            usage("--seconds must be positive and --warmup not negative");
        }
        return new Config(backends, warmup, measure, clients);
    }

    private static <T> T usage(String problem) {
        System.err.println("store bench: " + problem);
        System.err.println("usage: bench/store.sh [--backend embedded|etcd|both] [--seconds N] [--warmup N] [--clients 1,16,64]");
        System.exit(2);
        throw new AssertionError();
    }

    /** The named backend, or null (with the reason printed) when it cannot run here. */
    static Backend open(String name) throws Exception {
        return switch (name) {
            case "embedded" -> embedded();
            case "etcd" -> Etcd.open();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Backend embedded() throws IOException {
        Path dir = Files.createTempDirectory("j8s-bench-embedded-");
        EmbeddedStore store = EmbeddedStore.open(EmbeddedStore.Options.defaults(dir).withFsync(true));
        System.out.println("embedded: fsync on, data in " + dir);
        return new Backend() {
            @Override
            public String name() {
                return "embedded";
            }

            @Override
            public Store store() {
                return store;
            }

            @Override
            public void close() {
                store.close();
                deleteTree(dir);
            }
        };
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Cell> measure(Backend backend, Config config) throws InterruptedException {
        Store store = backend.store();
        byte[] value = new byte[VALUE_BYTES];
        new Random(42).nextBytes(value);
        preload(store, value);
        List<Cell> cells = new ArrayList<>();
        for (Workload workload : Workload.values()) {
            for (int clients : config.clients()) {
                Cell cell = run(backend.name(), store, workload, clients, value, config);
                System.out.println(Report.row(cell));
                cells.add(cell);
            }
        }
        return cells;
    }

    /** The keys the reads pick from, written in txns of 100 to keep the preload short. */
    private static void preload(Store store, byte[] value) {
        for (int i = 0; i < READ_KEYS; i += 100) {
            List<Op> puts = new ArrayList<>();
            for (int k = i; k < Math.min(READ_KEYS, i + 100); k++) {
                puts.add(Op.put(readKey(k), value));
            }
            store.txn(Txn.of(List.of(), puts, List.of()));
        }
    }

    static String readKey(int i) {
        return String.format("/bench/r/%06d", i);
    }

    static Cell run(String backend, Store store, Workload workload, int clients, byte[] value, Config config)
            throws InterruptedException {
        Latencies[] latencies = new Latencies[clients];
        long[] ops = new long[clients];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new Latencies();
            threads.add(Thread.ofPlatform().name("bench-" + backend + "-" + c).start(() -> {
                started.countDown();
                try {
                    go.await();
                    ops[client] = loop(store, workload, clients, client, value, window[0], window[1], latencies[client]);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        started.await();
        long start = System.nanoTime();
        window[0] = start + config.warmup().toNanos();
        window[1] = window[0] + config.measure().toNanos();
        go.countDown(); // publishes window[] to the clients
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(backend + " " + workload + " at " + clients + " clients failed", failure.get());
        }
        Latencies all = new Latencies();
        for (Latencies l : latencies) {
            all.add(l);
        }
        double seconds = config.measure().toNanos() / 1e9;
        return new Cell(backend, workload, clients, Arrays.stream(ops).sum() / seconds, all.percentile(0.50), all.percentile(0.99));
    }

    /** One client: ops back to back until {@code end}; records those started at or after {@code from}. */
    private static long loop(Store store, Workload workload, int clients, int client, byte[] value, long from, long end,
            Latencies latencies) {
        String writePrefix = "/bench/w/" + clients + "/" + client + "/";
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long recorded = 0;
        for (long n = 0; ; n++) {
            long begin = System.nanoTime();
            if (begin >= end) {
                return recorded;
            }
            switch (workload) {
                case WRITE -> store.txn(Txn.of(List.of(), List.of(Op.put(writePrefix + n, value)), List.of()));
                case READ -> {
                    String key = readKey(random.nextInt(READ_KEYS));
                    if (store.range(RangeRequest.key(key)).kvs().isEmpty()) {
                        throw new IllegalStateException("preloaded key " + key + " is missing");
                    }
                }
            }
            if (begin >= from) {
                latencies.record(System.nanoTime() - begin);
                recorded++;
            }
        }
    }

    /** Formatting of results; numbers in the root locale so tables paste into docs unchanged. */
    static final class Report {
        private Report() {}

        static String header() {
            return String.format(Locale.ROOT, "%-9s %-6s %7s %12s %10s %10s", "backend", "op", "clients", "ops/s", "p50 ms", "p99 ms");
        }

        static String row(Cell c) {
            return String.format(Locale.ROOT, "%-9s %-6s %7d %12.0f %10.3f %10.3f", c.backend(), c.workload().name().toLowerCase(Locale.ROOT),
                    c.clients(), c.opsPerSecond(), c.p50Nanos() / 1e6, c.p99Nanos() / 1e6);
        }

        static String table(List<Cell> cells) {
            StringBuilder out = new StringBuilder(header()).append('\n');
            cells.forEach(c -> out.append(row(c)).append('\n'));
            return out.toString();
        }

        /** Per cell present for both backends: ops/s embedded÷etcd, and latency etcd÷embedded (higher is better for embedded). */
        static String ratios(List<Cell> cells) {
            StringBuilder out = new StringBuilder();
            for (Cell e : cells) {
                Cell d = find(cells, "etcd", e.workload(), e.clients());
                if (!e.backend().equals("embedded") || d == null) {
                    continue;
                }
                if (out.isEmpty()) {
                    out.append('\n').append(String.format(Locale.ROOT, "%-6s %7s %18s %16s %16s%n",
                            "op", "clients", "ops/s emb/etcd", "p50 etcd/emb", "p99 etcd/emb"));
                }
                out.append(String.format(Locale.ROOT, "%-6s %7d %17.2fx %15.2fx %15.2fx%n", e.workload().name().toLowerCase(Locale.ROOT),
                        e.clients(), e.opsPerSecond() / d.opsPerSecond(), ratio(d.p50Nanos(), e.p50Nanos()), ratio(d.p99Nanos(), e.p99Nanos())));
            }
            return out.toString();
        }

        static String verdict(List<Cell> cells) {
            Cell ew = find(cells, "embedded", Workload.WRITE, GOAL_CLIENTS);
            Cell dw = find(cells, "etcd", Workload.WRITE, GOAL_CLIENTS);
            Cell er = find(cells, "embedded", Workload.READ, GOAL_CLIENTS);
            Cell dr = find(cells, "etcd", Workload.READ, GOAL_CLIENTS);
            if (ew == null || dw == null || er == null || dr == null) {
                return "\nverdict: not judged (needs both backends at " + GOAL_CLIENTS + " clients)";
            }
            double w = ew.opsPerSecond() / dw.opsPerSecond();
            double r = er.opsPerSecond() / dr.opsPerSecond();
            return String.format(Locale.ROOT, "%nverdict: writes at %d clients %.2fx etcd (goal >= %.0fx): %s; reads at %d clients %.2fx etcd (goal >= %.0fx): %s",
                    GOAL_CLIENTS, w, WRITE_GOAL, w >= WRITE_GOAL ? "MET" : "MISSED", GOAL_CLIENTS, r, READ_GOAL, r >= READ_GOAL ? "MET" : "MISSED");
        }

        private static double ratio(long a, long b) {
            return b == 0 ? Double.NaN : (double) a / b;
        }

        private static Cell find(List<Cell> cells, String backend, Workload workload, int clients) {
            return cells.stream().filter(c -> c.backend().equals(backend) && c.workload() == workload && c.clients() == clients)
                    .findFirst().orElse(null);
        }
    }
}
