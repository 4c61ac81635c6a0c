package io.j8s.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Watch fan-out: many watchers of one namespace's ConfigMaps, all from the same
 * resourceVersion, over a few HTTP/2 connections (many streams each); then creates in that
 * namespace at a steady rate. Each create carries its number and the {@link System#nanoTime()}
 * at which it was sent (this process is both producer and watcher, so the clocks are one); a
 * watcher takes those from each event line it reads, so its delivery latency is
 * sent → parsed, the create's own round trip included. A second figure starts at the create's
 * 201 instead (zero for an event that arrived before its create's answer): the fan-out alone.
 *
 * <p>A watcher reads the fields it needs from the line by string search rather than building a
 * JSON tree: the benchmark shares the machine's cores with the server, and a thousand full
 * decoders would measure the client. A watch the server ends early is resumed from the last
 * resourceVersion the watcher saw, as an informer would, and counted.
 */
final class WatchFanOut {

    static final String NAMESPACE = "bench-watch";
    static final String EVENT = "bench.j8s.io/event";
    static final String SENT = "bench.j8s.io/sent-nanos";
    private static final int MAX_IN_FLIGHT = 64;
    private static final int MAX_REWATCHES = 10;

    record Config(int watchers, int events, double rate, int streamsPerConnection, Duration registerTimeout, Duration drainTimeout) {}

    /**
     * @param created creates the server answered 201 (the events there are to deliver)
     * @param lost (watcher, created event) pairs never delivered
     * @param rewatches watches the server ended early and the watcher resumed
     * @param produceSeconds from the first create sent to the last answered
     * @param afterAnswer delivery latencies counted from the create's 201, not from its sending
     * @param creates latencies of the producer's creates during the fan-out
     * @param deliverSeconds from the first create sent to the last watcher done (or the drain timeout)
     * @param serverCpuNanos CPU time the server used over {@code deliverSeconds}
     * @param benchCpuNanos CPU time this JVM (producer and watchers) used over {@code deliverSeconds}
     */
    record Result(int watchers, int events, int connections, long created, long delivered, long lost, long duplicates, long rewatches,
                  Latencies latencies, long maxNanos, Latencies afterAnswer, double produceSeconds, Latencies creates, double deliverSeconds,
                  long serverCpuNanos, long benchCpuNanos, List<String> problems) {}

    /** One watcher's tally; touched only by its own thread until that thread is joined. */
    private static final class Watcher {
        final BitSet seen;
        final Latencies latencies = new Latencies();
        final Latencies afterAnswer = new Latencies();
        long received;
        long duplicates;
        long maxNanos;
        long rewatches;
        String resourceVersion;
        String problem;
        private boolean finished;

        Watcher(int events, String resourceVersion) {
            this.seen = new BitSet(events);
            this.resourceVersion = resourceVersion;
        }

        /** Counts down {@code done} once, whether complete or given up. */
        void finish(CountDownLatch done) {
            if (!finished) {
                finished = true;
                done.countDown();
            }
        }
    }

    private final AdminClient admin;
    private final long serverPid;
    private final Config config;
    /** When each create was answered 201 ({@link System#nanoTime()}), 0 until then. */
    private final AtomicLongArray answeredAt;

    WatchFanOut(ServerProcess server, Config config) {
        this.admin = server.admin();
        this.serverPid = server.pid();
        this.config = config;
        this.answeredAt = new AtomicLongArray(config.events());
    }

    Result run() throws Exception {
        HttpClient control = admin.openConnection();
        admin.createNamespace(control, NAMESPACE);
        String rv = admin.getJson(control, AdminClient.configMaps(NAMESPACE)).path("metadata").path("resourceVersion").asText();

        int connectionCount = (config.watchers() + config.streamsPerConnection() - 1) / config.streamsPerConnection();
        List<HttpClient> connections = new ArrayList<>();
        for (int i = 0; i < connectionCount; i++) {
            connections.add(admin.openConnection());
        }
        long expectedSeconds = (long) Math.ceil(config.events() / config.rate());
        long serverTimeout = expectedSeconds + config.registerTimeout().toSeconds() + config.drainTimeout().toSeconds() + 60;
        List<Watcher> watchers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(config.watchers());
        for (int i = 0; i < config.watchers(); i++) {
            Watcher w = new Watcher(config.events(), rv);
            HttpClient connection = connections.get(i / config.streamsPerConnection());
            watchers.add(w);
            threads.add(Thread.ofVirtual().name("bench-watcher-" + i).start(() -> {
                try {
                    watch(connection, w, serverTimeout, done);
                } catch (Throwable e) {
                    // Once complete, a watcher ends only when the benchmark closes its connection.
                    if (w.received < config.events() && w.problem == null) w.problem = "after " + w.received + " events: " + e;
                } finally {
                    w.finish(done);
                }
            }));
        }
        List<String> problems = new ArrayList<>();
        Latencies creates = new Latencies();
        Produced produced;
        long wallNanos;
        long serverCpu;
        long benchCpu;
        try {
            awaitRegistered(control, config.watchers(), done);
            HttpClient producer = admin.openConnection();
            long wall0 = System.nanoTime();
            long server0 = Cpu.processNanos(serverPid);
            long bench0 = Cpu.benchNanos();
            produced = produce(producer, creates, problems);
            producer.shutdownNow();
            done.await(config.drainTimeout().toNanos(), TimeUnit.NANOSECONDS);
            wallNanos = System.nanoTime() - wall0;
            serverCpu = Cpu.processNanos(serverPid) - server0;
            benchCpu = Cpu.benchNanos() - bench0;
        } finally {
            // Every watcher is still reading (the complete ones wait for this): closing the connections ends them.
            connections.forEach(HttpClient::shutdownNow);
            threads.forEach(Thread::interrupt);
            long joinDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (Thread t : threads) {
                if (!t.join(Duration.ofNanos(Math.max(1, joinDeadline - System.nanoTime())))) {
                    problems.add(t.getName() + " did not stop");
                }
            }
            control.shutdownNow();
        }
        return tally(watchers, connectionCount, produced, creates, wallNanos, serverCpu, benchCpu, problems);
    }

    /** Until the server reports every watch registered (apiserver_registered_watchers), or a watcher gave up. */
    private void awaitRegistered(HttpClient control, int watchers, CountDownLatch done) throws Exception {
        long deadline = System.nanoTime() + config.registerTimeout().toNanos();
        while (true) {
            HttpResponse<String> r = control.send(admin.get("/metrics"), HttpResponse.BodyHandlers.ofString());
            double registered = r.body().lines().filter(l -> l.startsWith("apiserver_registered_watchers "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst().orElse(-1);
            if (registered >= watchers) return;
            if (done.getCount() < watchers) throw new IllegalStateException("a watcher ended before the first event");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (long) registered + " of " + watchers + " watches registered within "
                        + config.registerTimeout());
            }
            Thread.sleep(200);
        }
    }

    /** The events there are to deliver: the creates answered 201, and nanos from the first sent to the last answered. */
    private record Produced(BitSet committed, long nanos) {}

    /**
     * Sends the creates on schedule, at most {@value #MAX_IN_FLIGHT} at once (fewer than asked
     * per second when the server answers slower). Stops at the first that fails; a create does
     * not time out before the drain does, since one that did might still be committed later.
     */
    private Produced produce(HttpClient producer, Latencies creates, List<String> problems) throws InterruptedException {
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicLong lastAnswer = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        BitSet committed = new BitSet(config.events());
        String path = AdminClient.configMaps(NAMESPACE);
        long interval = (long) (1e9 / config.rate());
        long start = System.nanoTime();
        for (int i = 0; i < config.events() && failure.get() == null; i++) {
            long at = start + i * interval;
            for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            int event = i;
            long sent = System.nanoTime();
            String body = AdminClient.configMap(String.format("ev-%06d", i), Map.of(EVENT, Integer.toString(i), SENT, Long.toString(sent)));
            HttpRequest request = HttpRequest.newBuilder(admin.uri(path)).header("Content-Type", AdminClient.JSON)
                    .timeout(config.drainTimeout()).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            producer.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                long now = System.nanoTime();
                synchronized (creates) {
                    creates.record(now - sent);
                    if (e == null && r.statusCode() == 201) committed.set(event);
                }
                if (e == null && r.statusCode() == 201) answeredAt.set(event, now);
                lastAnswer.accumulateAndGet(now, Math::max);
                if (e != null) {
                    failure.compareAndSet(null, "create ev-" + event + " failed: " + e);
                } else if (r.statusCode() != 201) {
                    failure.compareAndSet(null, "create ev-" + event + ": " + r.statusCode() + " " + r.body());
                }
                inFlight.release();
            });
        }
        inFlight.acquire(MAX_IN_FLIGHT);
        if (failure.get() != null) problems.add(failure.get() + "; creates stopped there");
        synchronized (creates) {
            return new Produced((BitSet) committed.clone(), lastAnswer.get() - start);
        }
    }

    /**
     * Reads until the benchmark closes the connection, counting down {@code done} once every
     * event is in: a watcher that cancelled its stream as soon as it was complete would, with
     * hundreds of others on its connection doing the same, trip the server's HTTP/2 rapid-reset
     * guard (Jetty's default: 128 RST_STREAM a second per connection, then GOAWAY) and take the
     * streams of the watchers not yet complete with it.
     */
    private void watch(HttpClient connection, Watcher w, long timeoutSeconds, CountDownLatch done)
            throws IOException, InterruptedException {
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(admin.uri(AdminClient.configMaps(NAMESPACE) + "?watch=1&resourceVersion="
                    + w.resourceVersion + "&timeoutSeconds=" + timeoutSeconds)).header("Accept", AdminClient.JSON).GET().build();
            HttpResponse<InputStream> r = connection.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                w.problem = "watch: " + r.statusCode() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                return;
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!read(w, line)) {
                        return;
                    }
                    if (w.received == config.events()) {
                        w.finish(done);
                    }
                }
            }
            if (w.received == config.events()) {
                return; // the server ended a complete watch (its timeout)
            }
            if (++w.rewatches > MAX_REWATCHES) {
                w.problem = "watch ended " + w.rewatches + " times";
                return;
            }
        }
    }

    /** One event line; false when the watch must stop. */
    private boolean read(Watcher w, String line) {
        long now = System.nanoTime();
        String type = field(line, "type");
        if ("BOOKMARK".equals(type)) return true;
        if (!"ADDED".equals(type)) {
            w.problem = "unexpected event: " + line.substring(0, Math.min(300, line.length()));
            return false;
        }
        int event = Integer.parseInt(field(line, EVENT));
        long latency = now - Long.parseLong(field(line, SENT));
        w.resourceVersion = field(line, "resourceVersion");
        if (w.seen.get(event)) {
            w.duplicates++;
            return true;
        }
        w.seen.set(event);
        w.received++;
        w.latencies.record(latency);
        w.maxNanos = Math.max(w.maxNanos, latency);
        long answered = answeredAt.get(event);
        w.afterAnswer.record(answered == 0 ? 0 : Math.max(0, now - answered));
        return true;
    }

    /** The string value of the first {@code "name":"…"} in {@code json}. */
    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) throw new IllegalStateException("no " + name + " in " + json.substring(0, Math.min(300, json.length())));
        start += key.length();
        return json.substring(start, json.indexOf('"', start));
    }

    /** After every watcher thread has ended. */
    private Result tally(List<Watcher> watchers, int connections, Produced produced, Latencies creates, long wallNanos,
            long serverCpu, long benchCpu, List<String> problems) {
        long lost = 0;
        Latencies all = new Latencies();
        Latencies afterAnswer = new Latencies();
        long delivered = 0;
        long duplicates = 0;
        long rewatches = 0;
        long max = 0;
        int incomplete = 0;
        for (Watcher w : watchers) {
            all.add(w.latencies);
            afterAnswer.add(w.afterAnswer);
            delivered += w.received;
            duplicates += w.duplicates;
            rewatches += w.rewatches;
            max = Math.max(max, w.maxNanos);
            if (w.problem != null && problems.size() < 5) problems.add(w.problem);
            if (w.received < config.events()) incomplete++;
            BitSet missing = (BitSet) produced.committed().clone();
            missing.andNot(w.seen);
            lost += missing.cardinality();
        }
        if (incomplete > 0) {
            problems.add(incomplete + " watchers had not received every event (they had " + config.drainTimeout().toSeconds()
                    + " s after the last create was answered)");
        }
        return new Result(config.watchers(), config.events(), connections, produced.committed().cardinality(), delivered, lost,
                duplicates, rewatches, all, max, afterAnswer, produced.nanos() / 1e9, creates, wallNanos / 1e9, serverCpu, benchCpu, problems);
    }
}
