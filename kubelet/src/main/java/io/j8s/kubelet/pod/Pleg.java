package io.j8s.kubelet.pod;

import io.j8s.kubelet.util.Timers;
import io.j8s.runtime.Container;
import io.j8s.runtime.ContainerFilter;
import io.j8s.runtime.ContainerState;
import io.j8s.runtime.PodSandbox;
import io.j8s.runtime.PodSandboxFilter;
import io.j8s.runtime.RuntimeService;
import io.j8s.runtime.SandboxState;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's generic PLEG (pod lifecycle event generator): every relist period it lists the
 * runtime's sandboxes and containers and pokes the worker of each pod whose pieces changed state
 * (a container exited, a sandbox died), so the kubelet reacts within a period without a sync per
 * pod per period.
 */
public final class Pleg implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pleg.class);

    private final RuntimeService runtime;
    private final Timers timers;
    private final Duration period;
    private final Consumer<String> changed;
    private Map<String, String> last = new HashMap<>();
    private volatile boolean closed;
    private Timers.Cancellable timer;

    public Pleg(RuntimeService runtime, Timers timers, Duration period, Consumer<String> changed) {
        this.runtime = runtime;
        this.timers = timers;
        this.period = period;
        this.changed = changed;
    }

    public Pleg start() {
        relistAndReschedule();
        return this;
    }

    private void relistAndReschedule() {
        if (closed) return;
        try {
            relist();
        } catch (RuntimeException e) {
            log.warn("PLEG relist failed: {}", e.toString());
        }
        synchronized (this) {
            if (!closed) timer = timers.schedule(period, this::relistAndReschedule);
        }
    }

    /** One relist: the pods (by uid) whose sandboxes or containers are not as they were. */
    synchronized void relist() {
        Map<String, String> now = new HashMap<>();
        Map<String, String> owner = new HashMap<>();
        for (PodSandbox s : runtime.listPodSandbox(PodSandboxFilter.ALL)) {
            String uid = s.labels().get(Labels.POD_UID);
            if (uid == null) continue;
            now.put("sb/" + s.id(), s.state() == SandboxState.SANDBOX_READY ? "ready" : "notready");
            owner.put("sb/" + s.id(), uid);
        }
        for (Container c : runtime.listContainers(ContainerFilter.ALL)) {
            String uid = c.labels().get(Labels.POD_UID);
            if (uid == null) continue;
            now.put("c/" + c.id(), c.state().name());
            owner.put("c/" + c.id(), uid);
        }
        Set<String> pods = new HashSet<>();
        for (var e : now.entrySet()) {
            if (!e.getValue().equals(last.get(e.getKey()))) pods.add(owner.get(e.getKey()));
        }
        last = now;
        for (String uid : pods) changed.accept(uid);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) timer.cancel();
    }

    static boolean running(ContainerState s) {
        return s == ContainerState.CONTAINER_RUNNING;
    }
}
