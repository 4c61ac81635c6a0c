package io.j8s.controllers.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events through the API, off the caller's thread, as client-go's broadcaster:
 * a repeat of the same event (object, type, reason, message) bumps the count and lastTimestamp of
 * the one already written instead of making another (upstream's EventCorrelator, without its
 * similar-message aggregation). Upstream's spam filter ({@code EventSourceObjectSpamFilter}) comes
 * first: per involved object a token bucket of 25 events refilled one per five minutes, so a
 * ReplicaSet creating 1,000 pods writes 25 SuccessfulCreate events, not 1,000. When the API lags
 * and the buffer fills, events are dropped.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiEventRecorder.class);
    private static final int BUFFER = 1000;
    private static final int REMEMBERED = 4096;
    /** client-go's defaultSpamBurst and defaultSpamQPS: 25 events, then one per 300 s, per object. */
    static final int SPAM_BURST = 25;
    static final double SPAM_QPS = 1.0 / 300;

    private record Key(String uid, String namespace, String name, String type, String reason, String message) {}

    private record Pending(ObjectReference ref, Key key, String type, String reason, String message, Instant at) {}

    /** What was written: the Event's namespace/name and its count. */
    private record Written(String namespace, String name, int count) {}

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(BUFFER);
    private final Map<Key, Written> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Written> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Map<String, Tokens> spam = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tokens> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Thread writer;

    /** One object's spam bucket: tokens left as of {@code at}. */
    private record Tokens(double tokens, Instant at) {}

    /** {@code component} and {@code host} are the Event's source (kubelet: "kubelet" and the node name). */
    public ApiEventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
        this.writer = Thread.ofVirtual().name("events-" + component).start(this::writeLoop);
    }

    @Override
    public void event(HasMetadata object, String type, String reason, String message) {
        var meta = object.getMetadata();
        ObjectReference ref = new ObjectReferenceBuilder().withApiVersion(object.getApiVersion()).withKind(object.getKind())
                .withNamespace(meta.getNamespace()).withName(meta.getName()).withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion()).build();
        Key key = new Key(meta.getUid(), meta.getNamespace(), meta.getName(), type, reason, message);
        if (!allowed(object.getApiVersion() + "/" + object.getKind() + "/" + meta.getNamespace() + "/" + meta.getName() + "/" + meta.getUid())) {
            log.debug("Dropped event {} {} for {}: too many for this object", type, reason, meta.getName());
            return;
        }
        if (!pending.offer(new Pending(ref, key, type, reason, message, clock.instant()))) {
            log.debug("Dropped event {} {} for {}: the buffer is full", type, reason, meta.getName());
        }
    }

    /** The spam filter's TryAccept for the object {@code spamKey}, on the injected clock. */
    synchronized boolean allowed(String spamKey) {
        Instant now = clock.instant();
        Tokens t = spam.get(spamKey);
        double tokens = t == null ? SPAM_BURST
                : Math.min(SPAM_BURST, t.tokens() + Math.max(0, java.time.Duration.between(t.at(), now).toNanos()) / 1e9 * SPAM_QPS);
        if (tokens < 1) {
            spam.put(spamKey, new Tokens(tokens, now));
            return false;
        }
        spam.put(spamKey, new Tokens(tokens - 1, now));
        return true;
    }

    private void writeLoop() {
        try {
            while (true) {
                write(pending.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Pending p) {
        String ns = p.ref().getNamespace() == null || p.ref().getNamespace().isEmpty() ? "default" : p.ref().getNamespace();
        String at = DateTimeFormatter.ISO_INSTANT.format(p.at().truncatedTo(ChronoUnit.SECONDS));
        try {
            Written before = written.get(p.key());
            if (before != null) {
                int count = before.count() + 1;
                try {
                    client.v1().events().inNamespace(before.namespace()).withName(before.name())
                            .edit(e -> new EventBuilder(e).withCount(count).withLastTimestamp(at).build());
                    written.put(p.key(), new Written(before.namespace(), before.name(), count));
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) throw e;
                    // Expired (Events live an hour): write a new one.
                }
            }
            String name = p.ref().getName() + "." + Long.toHexString(p.at().getEpochSecond() * 1_000_000_000L + p.at().getNano())
                    + Long.toHexString(System.nanoTime() & 0xfff);
            Event event = new EventBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withInvolvedObject(p.ref()).withType(p.type()).withReason(p.reason()).withMessage(p.message())
                    .withNewSource().withComponent(component).withHost(host).endSource()
                    .withReportingComponent(component).withReportingInstance(Objects.requireNonNullElse(host, ""))
                    .withFirstTimestamp(at).withLastTimestamp(at).withCount(1).build();
            client.v1().events().inNamespace(ns).resource(event).create();
            written.put(p.key(), new Written(ns, name, 1));
        } catch (KubernetesClientException e) {
            // Upstream retries a few times and then drops; an Event is never worth blocking on.
            written.remove(p.key());
            log.debug("Could not write event {} for {}/{}: {}", p.reason(), ns, p.ref().getName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.interrupt();
    }
}
