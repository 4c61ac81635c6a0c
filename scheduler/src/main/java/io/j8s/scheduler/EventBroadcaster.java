package io.j8s.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.EventRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the scheduler's events as core v1 Events (what {@code kubectl describe} and
 * {@code kubectl get events} read; the API server does not yet serve events.k8s.io and core
 * Events from one storage). As upstream's broadcaster: asynchronous, at most {@code maxQueued}
 * waiting (more are dropped and counted, never blocking a scheduling cycle), and a repeat of the
 * same event (same pod, type, reason, message, component) bumps the count and lastTimestamp of
 * the first instead of creating another, as client-go's EventCorrelator does.
 */
final class EventBroadcaster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventBroadcaster.class);
    private static final int MAX_NOTE = 1024;

    private record Pending(Pod regarding, Pod related, String type, String reason, String action, String note, String component, Instant at) {}

    private record Seen(String name, String namespace, int count, Instant first) {}

    private final Api api;
    private final Clock clock;
    private final String host;
    private final BlockingQueue<Pending> queue;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final Thread dispatcher;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Map<String, Seen> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > 4096;
        }
    };
    private volatile boolean closed;

    EventBroadcaster(Api api, Clock clock, String host, int maxQueued, int maxInFlight) {
        this.api = api;
        this.clock = clock;
        this.host = host;
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.inFlight = new Semaphore(maxInFlight);
        this.maxInFlight = maxInFlight;
        this.dispatcher = new Thread(this::dispatch, "scheduler-events");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    /** The recorder of one profile: its events say {@code component} (the schedulerName) reported them. */
    EventRecorder recorder(String component) {
        return (regarding, related, type, reason, action, note) -> {
            if (closed) return;
            if (!queue.offer(new Pending(regarding, related, type, reason, action, truncate(note), component, clock.instant()))) {
                if (dropped.incrementAndGet() % 1000 == 1) log.warn("Dropping events: more than {} waiting to be written", queue.size());
            }
        };
    }

    long dropped() {
        return dropped.get();
    }

    long sent() {
        return sent.get();
    }

    /** Upstream's truncateMessage: a note is at most 1024 bytes, cut with " ...". */
    static String truncate(String note) {
        if (note.length() <= MAX_NOTE) return note;
        return note.substring(0, MAX_NOTE - 4) + " ...";
    }

    private void dispatch() {
        while (!closed || !queue.isEmpty()) {
            Pending p;
            try {
                p = queue.poll(200, TimeUnit.MILLISECONDS);
                if (p == null) continue;
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            try {
                write(p);
            } catch (RuntimeException e) {
                inFlight.release();
                log.warn("Could not write event {} for {}: {}", p.reason(), p.regarding().getMetadata().getName(), e.toString());
            }
        }
    }

    private void write(Pending p) {
        String ns = p.regarding().getMetadata().getNamespace();
        String key = p.regarding().getMetadata().getUid() + "\u0000" + p.type() + "\u0000" + p.reason() + "\u0000" + p.note() + "\u0000" + p.component();
        Seen s;
        synchronized (seen) {
            s = seen.get(key);
            if (s != null) seen.put(key, new Seen(s.name(), s.namespace(), s.count() + 1, s.first()));
        }
        if (s != null) {
            ObjectNode patch = Api.JSON.createObjectNode().put("count", s.count() + 1).put("lastTimestamp", ApiPodActions.timestamp(p.at()));
            api.patch("/api/v1/namespaces/" + Api.enc(ns) + "/events/" + Api.enc(s.name()), ApiPodActions.MERGE, patch)
                    .whenComplete((r, e) -> {
                        inFlight.release();
                        sent.incrementAndGet();
                    });
            return;
        }
        String name = p.regarding().getMetadata().getName() + "." + Long.toHexString(p.at().getEpochSecond() * 1_000_000_000L + p.at().getNano());
        synchronized (seen) {
            seen.put(key, new Seen(name, ns, 1, p.at()));
        }
        api.post("/api/v1/namespaces/" + Api.enc(ns) + "/events", event(p, name)).whenComplete((r, e) -> {
            inFlight.release();
            sent.incrementAndGet();
            if (r != null && !r.ok() && r.code() != 404 && !closed) log.warn("Server rejected event {} for {}: {}", p.reason(), p.regarding().getMetadata().getName(), r.message());
        });
    }

    private ObjectNode event(Pending p, String name) {
        Pod pod = p.regarding();
        ObjectNode e = Api.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
        e.putObject("metadata").put("name", name).put("namespace", pod.getMetadata().getNamespace());
        ref(e.putObject("involvedObject"), pod);
        if (p.related() != null) ref(e.putObject("related"), p.related());
        String ts = ApiPodActions.timestamp(p.at());
        e.put("reason", p.reason()).put("message", p.note()).put("type", p.type()).put("action", p.action())
                .put("firstTimestamp", ts).put("lastTimestamp", ts).put("count", 1)
                .put("reportingComponent", p.component()).put("reportingInstance", p.component() + "-" + host);
        e.putObject("source").put("component", p.component());
        return e;
    }

    private static void ref(ObjectNode ref, Pod pod) {
        ref.put("kind", "Pod").put("namespace", pod.getMetadata().getNamespace()).put("name", pod.getMetadata().getName())
                .put("uid", pod.getMetadata().getUid()).put("apiVersion", "v1");
        if (pod.getMetadata().getResourceVersion() != null) ref.put("resourceVersion", pod.getMetadata().getResourceVersion());
    }

    /** Writes what is queued (for at most {@code timeoutMillis}), then stops. */
    void drain(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while ((!queue.isEmpty() || inFlight.availablePermits() < maxInFlight) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
    }
}
