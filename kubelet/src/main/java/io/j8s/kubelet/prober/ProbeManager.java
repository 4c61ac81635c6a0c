package io.j8s.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.j8s.kubelet.pod.PodProbes;
import io.j8s.kubelet.pod.RuntimePod;
import io.j8s.kubelet.util.EventRecorder;
import io.j8s.kubelet.util.Timers;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.PodSandboxStatus;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's {@code prober.Manager}: a worker per probe of each running container instance, each
 * stepped once its period on the kubelet's timers, the verdicts kept by container id. A changed
 * verdict pokes the pod's worker ({@code onChange}), which kills a container that failed liveness
 * and writes readiness to the pod's status. Every failed probe is an {@code Unhealthy} event.
 */
public final class ProbeManager implements ProbeResults, PodProbes {

    private static final Logger log = LoggerFactory.getLogger(ProbeManager.class);

    private record Key(String uid, String container, ProbeKind kind) {}

    /** One probe of one container instance. Its fields are guarded by its monitor. */
    private final class Entry {
        final Key key;
        final String containerId;
        final ProbeWorker worker;
        Pod pod;
        Container spec;
        String podIp;
        Timers.Cancellable timer;
        boolean stopped;

        Entry(Key key, String containerId, ProbeWorker worker, Pod pod, Container spec, String podIp) {
            this.key = key;
            this.containerId = containerId;
            this.worker = worker;
            this.pod = pod;
            this.spec = spec;
            this.podIp = podIp;
        }
    }

    private final Prober prober;
    private final Timers timers;
    private final EventRecorder events;
    private final Consumer<String> onChange;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Result> liveness = new ConcurrentHashMap<>();
    private final Map<String, Result> readiness = new ConcurrentHashMap<>();
    private final Map<String, Result> startup = new ConcurrentHashMap<>();

    public ProbeManager(Prober prober, Timers timers, EventRecorder events, Consumer<String> onChange) {
        this.prober = prober;
        this.timers = timers;
        this.events = events;
        this.onChange = onChange;
    }

    @Override
    public Result liveness(String containerId) {
        return liveness.getOrDefault(containerId, Result.SUCCESS);
    }

    @Override
    public Result readiness(String containerId) {
        return readiness.getOrDefault(containerId, Result.FAILURE);
    }

    @Override
    public Result startup(String containerId) {
        return startup.getOrDefault(containerId, Result.UNKNOWN);
    }

    private Map<String, Result> results(ProbeKind kind) {
        return switch (kind) {
            case LIVENESS -> liveness;
            case READINESS -> readiness;
            case STARTUP -> startup;
        };
    }

    @Override
    public void update(Pod pod, RuntimePod current) {
        String uid = pod.getMetadata().getUid();
        String podIp = current.readySandbox().map(PodSandboxStatus::ip).orElse("");
        Set<Key> wanted = new HashSet<>();
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus running = current.latest(c.getName()).filter(ContainerStatus::running).orElse(null);
            if (running == null) continue;
            for (ProbeKind kind : ProbeKind.values()) {
                Probe probe = kind.of(c);
                if (probe == null) continue;
                Key key = new Key(uid, c.getName(), kind);
                wanted.add(key);
                Entry existing = entries.get(key);
                if (existing != null && existing.containerId.equals(running.id())) {
                    synchronized (existing) {
                        existing.pod = pod;
                        existing.spec = c;
                        existing.podIp = podIp;
                    }
                    continue;
                }
                if (existing != null) stop(existing);
                var worker = new ProbeWorker(kind, probe, running.startedAt().orElse(timers.clock().instant()));
                Entry e = new Entry(key, running.id(), worker, pod, c, podIp);
                results(kind).put(running.id(), worker.verdict());
                entries.put(key, e);
                // The first probe at once (or at the initial delay), then every period.
                schedule(e, java.time.Duration.ZERO);
            }
        }
        for (Entry e : entries.values()) {
            if (e.key.uid().equals(uid) && !wanted.contains(e.key)) stop(e);
        }
    }

    @Override
    public void remove(String uid) {
        for (Entry e : entries.values()) {
            if (e.key.uid().equals(uid)) stop(e);
        }
    }

    private void stop(Entry e) {
        synchronized (e) {
            e.stopped = true;
            if (e.timer != null) e.timer.cancel();
        }
        entries.remove(e.key, e);
        results(e.key.kind()).remove(e.containerId);
    }

    private void schedule(Entry e, java.time.Duration after) {
        synchronized (e) {
            if (e.stopped) return;
            e.timer = timers.schedule(after, () -> run(e));
        }
    }

    private void run(Entry e) {
        Pod pod;
        Container spec;
        String podIp;
        synchronized (e) {
            if (e.stopped) return;
            pod = e.pod;
            spec = e.spec;
            podIp = e.podIp;
        }
        boolean started = spec.getStartupProbe() == null || startup(e.containerId) == Result.SUCCESS;
        Result before = e.worker.verdict();
        ProbeKind kind = e.key.kind();
        Probe probe = kind.of(spec);
        ProbeOutcome outcome = null;
        try {
            outcome = e.worker.step(timers.clock().instant(), started, () -> prober.probe(pod, spec, e.containerId, podIp, probe));
        } catch (RuntimeException ex) {
            log.warn("Probe {} of {} failed to run: {}", kind, e.key, ex.toString());
        }
        if (outcome != null && outcome.result() != Result.SUCCESS) {
            events.event(pod, "spec.containers{" + spec.getName() + "}", EventRecorder.WARNING, "Unhealthy",
                    kind.title + " probe " + (outcome.result() == Result.FAILURE ? "failed" : "errored") + ": " + outcome.output());
        }
        Result after = e.worker.verdict();
        synchronized (e) {
            if (e.stopped) return;
            results(kind).put(e.containerId, after);
        }
        if (after != before) onChange.accept(e.key.uid());
        schedule(e, e.worker.period());
    }
}
