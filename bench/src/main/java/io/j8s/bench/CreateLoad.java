package io.j8s.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients creating small ConfigMaps back to back, each a platform thread making synchronous
 * POSTs that must answer 201, spread over a number of HTTP/2 connections (one each by default,
 * as independent clients have; fewer, as the goroutines of one client-go process share one).
 * Runs until a deadline, or until a number of creates is done.
 */
final class CreateLoad {

    /**
     * @param created creates answered 201 in the recorded window
     * @param seconds length of the recorded window
     * @param latencies of the recorded creates
     * @param serverCpuNanos CPU time the server used in the recorded window
     * @param benchCpuNanos CPU time this JVM (the clients) used in the recorded window
     */
    record Result(long created, double seconds, Latencies latencies, long serverCpuNanos, long benchCpuNanos) {
        double perSecond() {
            return created / seconds;
        }
    }

    private final AdminClient admin;
    private final String namespace;
    private final int clients;
    private final List<HttpClient> connections;
    private final long serverPid;

    private CreateLoad(AdminClient admin, String namespace, int clients, List<HttpClient> connections, long serverPid) {
        this.admin = admin;
        this.namespace = namespace;
        this.clients = clients;
        this.connections = connections;
        this.serverPid = serverPid;
    }

    /** Opens {@code connections} connections to {@code server} for {@code clients} clients, client i on connection i mod that. */
    static CreateLoad open(ServerProcess server, String namespace, int clients, int connections) throws Exception {
        List<HttpClient> opened = new ArrayList<>();
        for (int i = 0; i < Math.min(clients, connections); i++) {
            opened.add(server.admin().openConnection());
        }
        return new CreateLoad(server.admin(), namespace, clients, opened, server.pid());
    }

    /** Creates for {@code warmupNanos} unrecorded, then {@code measureNanos} recorded. */
    Result forDuration(String namePrefix, long warmupNanos, long measureNanos) throws InterruptedException {
        return run(namePrefix, Long.MAX_VALUE, warmupNanos, measureNanos);
    }

    /** Creates {@code total} objects, all recorded, or as many as fit in {@code limitNanos}. */
    Result count(String namePrefix, long total, long limitNanos) throws InterruptedException {
        return run(namePrefix, total, 0, limitNanos);
    }

    private Result run(String namePrefix, long total, long warmupNanos, long measureNanos) throws InterruptedException {
        Latencies[] latencies = new Latencies[clients];
        long[] created = new long[clients];
        AtomicLong remaining = new AtomicLong(total);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new Latencies();
            threads.add(Thread.ofPlatform().name("bench-create-" + c).start(() -> {
                started.countDown();
                try {
                    go.await();
                    created[client] = loop(connections.get(client % connections.size()), namePrefix + "-" + client + "-", remaining, window[0], window[1],
                            latencies[client], failure);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        started.await();
        window[0] = System.nanoTime() + warmupNanos;
        window[1] = window[0] + measureNanos;
        go.countDown(); // publishes window[] to the clients
        for (long wait = window[0] - System.nanoTime(); wait > 0; wait = window[0] - System.nanoTime()) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        long serverCpu = Cpu.processNanos(serverPid);
        long benchCpu = Cpu.benchNanos();
        for (Thread t : threads) {
            t.join();
        }
        long end = Math.min(System.nanoTime(), window[1]);
        serverCpu = Cpu.processNanos(serverPid) - serverCpu;
        benchCpu = Cpu.benchNanos() - benchCpu;
        if (failure.get() != null) {
            throw new IllegalStateException("creates failed", failure.get());
        }
        Latencies all = new Latencies();
        for (Latencies l : latencies) {
            all.add(l);
        }
        long sum = 0;
        for (long n : created) {
            sum += n;
        }
        // A count run ends when its creates are done, a duration run at its deadline.
        double seconds = (total == Long.MAX_VALUE ? measureNanos : end - window[0]) / 1e9;
        return new Result(sum, seconds, all, serverCpu, benchCpu);
    }

    private long loop(HttpClient connection, String names, AtomicLong remaining, long from, long end, Latencies latencies,
            AtomicReference<Throwable> failure) throws Exception {
        String path = AdminClient.configMaps(namespace);
        long recorded = 0;
        for (long n = 0; failure.get() == null && remaining.getAndDecrement() > 0; n++) {
            HttpRequest request = admin.post(path, AdminClient.configMap(names + n, Map.of()));
            long begin = System.nanoTime();
            if (begin >= end) {
                return recorded;
            }
            HttpResponse<String> r = connection.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - begin;
            if (r.statusCode() != 201) {
                throw new IllegalStateException("create " + names + n + ": " + r.statusCode() + " " + r.body());
            }
            if (begin >= from) {
                latencies.record(took);
                recorded++;
            }
        }
        return recorded;
    }

    /** Lets the connections go. */
    void close() {
        connections.forEach(HttpClient::shutdownNow);
    }
}
