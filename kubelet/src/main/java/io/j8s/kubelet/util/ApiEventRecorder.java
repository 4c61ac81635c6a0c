package io.j8s.kubelet.util;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events through the API off the caller's thread, as client-go's broadcaster; the
 * same event again (object, container, type, reason, message) bumps the count of the one written.
 * Dropped when the API lags and the buffer is full: an Event is never worth blocking a pod for.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiEventRecorder.class);
    private static final int BUFFER = 1000;
    private static final int REMEMBERED = 4096;

    private record Key(String uid, String name, String fieldPath, String type, String reason, String message) {}

    private record Pending(ObjectReference ref, Key key, Instant at) {}

    private record Written(String namespace, String name, int count) {}

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(BUFFER);
    private final Map<Key, Written> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Written> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Thread writer;

    public ApiEventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
        this.writer = Thread.ofVirtual().name("events-" + component).start(this::writeLoop);
    }

    @Override
    public void event(HasMetadata object, String fieldPath, String type, String reason, String message) {
        ObjectReference ref = EventRecorder.reference(object, fieldPath);
        Key key = new Key(ref.getUid(), ref.getName(), fieldPath, type, reason, message);
        if (!pending.offer(new Pending(ref, key, clock.instant()))) {
            log.debug("Dropped event {} for {}: the buffer is full", reason, ref.getName());
        }
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
        ObjectReference ref = p.ref();
        String ns = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? "default" : ref.getNamespace();
        String at = DateTimeFormatter.ISO_INSTANT.format(p.at().truncatedTo(ChronoUnit.SECONDS));
        Key key = p.key();
        try {
            Written before = written.get(key);
            if (before != null) {
                int count = before.count() + 1;
                try {
                    client.v1().events().inNamespace(before.namespace()).withName(before.name())
                            .edit(e -> new EventBuilder(e).withCount(count).withLastTimestamp(at).build());
                    written.put(key, new Written(before.namespace(), before.name(), count));
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) throw e;
                }
            }
            String name = ref.getName() + "." + Long.toHexString(p.at().toEpochMilli() * 1_000_000L + sequence.incrementAndGet() % 1_000_000L);
            Event event = new EventBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withInvolvedObject(ref).withType(key.type()).withReason(key.reason()).withMessage(key.message())
                    .withNewSource().withComponent(component).withHost(host).endSource()
                    .withReportingComponent(component).withReportingInstance(host)
                    .withFirstTimestamp(at).withLastTimestamp(at).withCount(1).build();
            client.v1().events().inNamespace(ns).resource(event).create();
            written.put(key, new Written(ns, name, 1));
        } catch (KubernetesClientException e) {
            written.remove(key);
            log.debug("Could not write event {} for {}/{}: {}", key.reason(), ns, ref.getName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.interrupt();
    }
}
