package io.j8s.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.framework.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Upstream's PriorityQueue: pods waiting to be scheduled, in three sub-queues.
 * <ul>
 *   <li><b>active</b>: ready now, ordered by the QueueSort plugin (priority, then arrival);
 *   <li><b>backoff</b>: failed recently, each waits {@code initial × 2^(attempts-1)} (at most
 *       {@code max}) from its last failure before it is active again;
 *   <li><b>unschedulable</b>: turned away, waiting for a cluster event that one of the plugins
 *       that rejected it registered (a node added, a pod deleted, ...), or for
 *       {@code maxInUnschedulable} to pass.
 * </ul>
 * A pod that fails while an event moved pods goes to backoff rather than unschedulable: the
 * event may have been the one it needed ({@code moveRequestCycle}, as upstream before queueing
 * hints). Time comes from the injected clock; {@link #flushBackoffQCompleted()} and
 * {@link #flushUnschedulablePodsLeftover()} are called by the scheduler's ticker, or by tests.
 */
public final class SchedulingQueue {

    /** What the queue tells the metrics: a pod entered {@code queue} because of {@code event}. */
    public interface Listener {
        void incoming(String queue, String event);

        Listener NONE = (queue, event) -> { };
    }

    public static final String ACTIVE = "active";
    public static final String BACKOFF = "backoff";
    public static final String UNSCHEDULABLE = "unschedulable";
    public static final String GATED = "gated";

    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxInUnschedulable;
    private final Function<Pod, Status> preEnqueue;
    private final Map<String, List<ClusterEvent>> eventsByPlugin;
    private final Listener listener;
    private final Nominator nominator;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final PriorityQueue<QueuedPodInfo> activeQ;
    private final PriorityQueue<QueuedPodInfo> backoffQ;
    /** uid → pod, for each sub-queue; a pod is in at most one. */
    private final Map<String, QueuedPodInfo> active = new HashMap<>();
    private final Map<String, QueuedPodInfo> backoff = new HashMap<>();
    private final Map<String, QueuedPodInfo> unschedulable = new LinkedHashMap<>();
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;

    /**
     * @param less the QueueSort plugin's order
     * @param preEnqueue the PreEnqueue plugins of the pod's profile (scheduling gates)
     * @param eventsByPlugin the events each plugin registered; a plugin missing is woken by every event
     */
    public SchedulingQueue(Comparator<QueuedPodInfo> less, Clock clock, Duration initialBackoff, Duration maxBackoff,
                           Duration maxInUnschedulable, Function<Pod, Status> preEnqueue, Map<String, List<ClusterEvent>> eventsByPlugin,
                           Nominator nominator, Listener listener) {
        this.clock = clock;
        this.nominator = nominator;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxInUnschedulable = maxInUnschedulable;
        this.preEnqueue = preEnqueue;
        this.eventsByPlugin = Map.copyOf(eventsByPlugin);
        this.listener = listener;
        this.activeQ = new PriorityQueue<>(less);
        this.backoffQ = new PriorityQueue<>(Comparator.comparing(this::backoffExpiry));
    }

    public Nominator nominator() {
        return nominator;
    }

    /** A new pod to schedule. */
    public void add(Pod pod) {
        lock.lock();
        try {
            QueuedPodInfo p = new QueuedPodInfo(PodInfo.of(pod), clock.instant());
            String uid = Pods.uid(pod);
            active.remove(uid);
            backoff.remove(uid);
            unschedulable.remove(uid);
            moveToActiveOrGated(p, "PodAdd");
            nominator.addNominatedPod(p.podInfo(), "");
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pod in the queue changed. An unschedulable pod whose spec or labels changed is retried
     * (backoff permitting); a change to its status alone (ours, as we write the condition) is not.
     */
    public void update(Pod oldPod, Pod newPod) {
        lock.lock();
        try {
            String uid = Pods.uid(newPod);
            PodInfo info = PodInfo.of(newPod);
            QueuedPodInfo p;
            if ((p = active.get(uid)) != null) {
                activeQ.remove(p);
                p.setPodInfo(info);
                activeQ.add(p);
                nominator.updateNominatedPod(oldPod, info);
                return;
            }
            if ((p = backoff.get(uid)) != null) {
                backoffQ.remove(p);
                p.setPodInfo(info);
                backoffQ.add(p);
                nominator.updateNominatedPod(oldPod, info);
                return;
            }
            if ((p = unschedulable.get(uid)) != null) {
                p.setPodInfo(info);
                nominator.updateNominatedPod(oldPod, info);
                if (specChanged(oldPod, newPod)) {
                    unschedulable.remove(uid);
                    if (p.gated()) {
                        moveToActiveOrGated(p, "UnscheduledPodUpdate");
                    } else if (isBackingOff(p)) {
                        addToBackoff(p, "UnscheduledPodUpdate");
                    } else {
                        moveToActiveOrGated(p, "UnscheduledPodUpdate");
                    }
                }
                return;
            }
            // Not queued: being scheduled right now, or never seen. Queue it; a second attempt of
            // a pod that gets assumed meanwhile is skipped by the scheduler.
            QueuedPodInfo fresh = new QueuedPodInfo(info, clock.instant());
            moveToActiveOrGated(fresh, "PodUpdate");
            nominator.addNominatedPod(info, "");
        } finally {
            lock.unlock();
        }
    }

    /** A pod that left the queue's concern: deleted, or bound. */
    public void delete(Pod pod) {
        lock.lock();
        try {
            String uid = Pods.uid(pod);
            nominator.deleteNominatedPodIfExists(pod);
            QueuedPodInfo p = active.remove(uid);
            if (p != null) activeQ.remove(p);
            p = backoff.remove(uid);
            if (p != null) backoffQ.remove(p);
            unschedulable.remove(uid);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a pod to schedule; null once {@link #close}d. Each pop starts a scheduling cycle. */
    public QueuedPodInfo pop() throws InterruptedException {
        lock.lock();
        try {
            while (activeQ.isEmpty()) {
                if (closed) return null;
                notEmpty.await();
            }
            QueuedPodInfo p = activeQ.poll();
            active.remove(Pods.uid(p.pod()));
            p.incrementAttempts();
            if (p.initialAttemptTimestamp() == null) p.setInitialAttemptTimestamp(clock.instant());
            schedulingCycle++;
            return p;
        } finally {
            lock.unlock();
        }
    }

    /** The cycle number of the last pop. */
    public long schedulingCycle() {
        lock.lock();
        try {
            return schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back a pod whose scheduling attempt in cycle {@code podSchedulingCycle} failed: to
     * backoff if it failed with an error or an event came during its attempt, else to
     * unschedulable. A pod queued again meanwhile (an update) stays where it is.
     */
    public void addUnschedulableIfNotPresent(QueuedPodInfo p, long podSchedulingCycle) {
        lock.lock();
        try {
            String uid = Pods.uid(p.pod());
            if (active.containsKey(uid) || backoff.containsKey(uid) || unschedulable.containsKey(uid)) return;
            p.setTimestamp(clock.instant());
            if (p.unschedulablePlugins().isEmpty() || moveRequestCycle >= podSchedulingCycle) {
                addToBackoff(p, "ScheduleAttemptFailure");
            } else {
                unschedulable.put(uid, p);
                listener.incoming(UNSCHEDULABLE, "ScheduleAttemptFailure");
            }
            nominator.addNominatedPod(p.podInfo(), "");
        } finally {
            lock.unlock();
        }
    }

    /** Moves every unschedulable pod that {@code event} may help (and passes {@code preCheck}, if any). */
    public void moveAllToActiveOrBackoffQueue(ClusterEvent event, Predicate<Pod> preCheck) {
        lock.lock();
        try {
            List<QueuedPodInfo> moving = new ArrayList<>();
            for (QueuedPodInfo p : unschedulable.values()) {
                if (p.gated()) continue;
                if ((preCheck == null || preCheck.test(p.pod())) && mayHelp(p, event)) moving.add(p);
            }
            for (QueuedPodInfo p : moving) {
                unschedulable.remove(Pods.uid(p.pod()));
                if (isBackingOff(p)) addToBackoff(p, event.label());
                else addToActive(p, event.label());
            }
            moveRequestCycle = schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    public void moveAllToActiveOrBackoffQueue(ClusterEvent event) {
        moveAllToActiveOrBackoffQueue(event, null);
    }

    /** Backed-off pods whose backoff is over become active. */
    public void flushBackoffQCompleted() {
        lock.lock();
        try {
            Instant now = clock.instant();
            while (!backoffQ.isEmpty() && !backoffExpiry(backoffQ.peek()).isAfter(now)) {
                QueuedPodInfo p = backoffQ.poll();
                backoff.remove(Pods.uid(p.pod()));
                addToActive(p, "BackoffComplete");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Pods unschedulable for longer than the limit are retried anyway, as upstream does every 30 s. */
    public void flushUnschedulablePodsLeftover() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<QueuedPodInfo> stale = new ArrayList<>();
            for (QueuedPodInfo p : unschedulable.values()) {
                if (!p.gated() && Duration.between(p.timestamp(), now).compareTo(maxInUnschedulable) > 0) stale.add(p);
            }
            for (QueuedPodInfo p : stale) {
                unschedulable.remove(Pods.uid(p.pod()));
                if (isBackingOff(p)) addToBackoff(p, ClusterEvent.UNSCHEDULABLE_TIMEOUT.label());
                else addToActive(p, ClusterEvent.UNSCHEDULABLE_TIMEOUT.label());
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many pods each sub-queue holds: active, backoff, unschedulable, gated. */
    public Map<String, Integer> lengths() {
        lock.lock();
        try {
            int gated = (int) unschedulable.values().stream().filter(QueuedPodInfo::gated).count();
            Map<String, Integer> m = new LinkedHashMap<>();
            m.put(ACTIVE, active.size());
            m.put(BACKOFF, backoff.size());
            m.put(UNSCHEDULABLE, unschedulable.size() - gated);
            m.put(GATED, gated);
            return m;
        } finally {
            lock.unlock();
        }
    }

    /** Which sub-queue holds the pod, or null (being scheduled, bound, or unknown). */
    public String whereIs(Pod pod) {
        lock.lock();
        try {
            String uid = Pods.uid(pod);
            if (active.containsKey(uid)) return ACTIVE;
            if (backoff.containsKey(uid)) return BACKOFF;
            QueuedPodInfo p = unschedulable.get(uid);
            if (p != null) return p.gated() ? GATED : UNSCHEDULABLE;
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes {@link #pop} callers; they get null from now on. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Upstream's calculateBackoffDuration: initial, doubled for each attempt after the first, at most max. */
    Duration backoffDuration(QueuedPodInfo p) {
        Duration d = initialBackoff;
        for (int i = 1; i < p.attempts(); i++) {
            d = d.multipliedBy(2);
            if (d.compareTo(maxBackoff) > 0) return maxBackoff;
        }
        return d;
    }

    Instant backoffExpiry(QueuedPodInfo p) {
        return p.timestamp().plus(backoffDuration(p));
    }

    private boolean isBackingOff(QueuedPodInfo p) {
        return backoffExpiry(p).isAfter(clock.instant());
    }

    private boolean mayHelp(QueuedPodInfo p, ClusterEvent event) {
        if (event.resource() == ClusterEvent.Resource.WildCard) return true;
        if (p.unschedulablePlugins().isEmpty()) return true;
        for (String plugin : p.unschedulablePlugins()) {
            List<ClusterEvent> registered = eventsByPlugin.get(plugin);
            if (registered == null) return true;
            for (ClusterEvent e : registered) {
                if (e.matches(event)) return true;
            }
        }
        return false;
    }

    private void moveToActiveOrGated(QueuedPodInfo p, String event) {
        Status s = preEnqueue.apply(p.pod());
        if (!s.isSuccess()) {
            p.setGated(true);
            p.pendingPlugins().clear();
            if (!s.plugin().isEmpty()) p.pendingPlugins().add(s.plugin());
            unschedulable.put(Pods.uid(p.pod()), p);
            listener.incoming(GATED, event);
            return;
        }
        p.setGated(false);
        addToActive(p, event);
    }

    private void addToActive(QueuedPodInfo p, String event) {
        String uid = Pods.uid(p.pod());
        QueuedPodInfo old = active.put(uid, p);
        if (old != null) activeQ.remove(old);
        activeQ.add(p);
        listener.incoming(ACTIVE, event);
        notEmpty.signal();
    }

    private void addToBackoff(QueuedPodInfo p, String event) {
        String uid = Pods.uid(p.pod());
        QueuedPodInfo old = backoff.put(uid, p);
        if (old != null) backoffQ.remove(old);
        backoffQ.add(p);
        listener.incoming(BACKOFF, event);
    }

    /** Whether an update may change the pod's scheduling: anything but status and bookkeeping metadata. */
    static boolean specChanged(Pod oldPod, Pod newPod) {
        return !Objects.equals(oldPod.getSpec(), newPod.getSpec())
                || !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())
                || !Objects.equals(oldPod.getMetadata().getAnnotations(), newPod.getMetadata().getAnnotations());
    }
}
