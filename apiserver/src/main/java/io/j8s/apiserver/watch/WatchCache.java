package io.j8s.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.registry.Codec;
import io.j8s.apiserver.registry.Keys;
import io.j8s.store.CompactedException;
import io.j8s.store.KeyValue;
import io.j8s.store.RangeRequest;
import io.j8s.store.RangeResult;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import io.j8s.store.WatchRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's view of the store, kept current by one store watch: every object under
 * {@code /registry/} and a ring of the most recent changes. Lists and watches are served from
 * here, never from the store per request, as upstream's cacher does.
 *
 * <p>Invariant (under {@code lock}): {@code objects} is the state at {@code revision}, and
 * {@code history} holds every change after {@code oldest - 1}, in order. Objects are shared and
 * must never be modified; copy before changing.
 */
public final class WatchCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WatchCache.class);

    public enum Type { ADDED, MODIFIED, DELETED }

    /**
     * One change: for DELETED, {@code object} is the last state with the deleting revision. Its
     * wire forms are kept in {@code encoded}, so a thousand watchers of one change encode it once.
     */
    public record Event(Type type, String key, ObjectNode object, ObjectNode previous, long revision, Encoded encoded) {
        public Event(Type type, String key, ObjectNode object, ObjectNode previous, long revision) {
            this(type, key, object, previous, revision, new Encoded());
        }
    }

    /**
     * The encoded watch events of one change, one for each event type a watcher may see it as (a
     * selective watcher sees a MODIFIED as ADDED or DELETED when the object enters or leaves its
     * selection). Filled by the first watcher that needs one; two racing watchers encode the same
     * bytes and either copy is kept.
     */
    public static final class Encoded {
        private final AtomicReferenceArray<byte[]> lines = new AtomicReferenceArray<>(Type.values().length);

        public byte[] line(Type as, Supplier<byte[]> encode) {
            byte[] b = lines.get(as.ordinal());
            if (b == null) {
                b = encode.get();
                lines.set(as.ordinal(), b);
            }
            return b;
        }
    }

    public record Snapshot(List<ObjectNode> objects, long revision) {}

    private final Store store;
    private final int capacity;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Condition advanced = lock.writeLock().newCondition();
    private final TreeMap<String, ObjectNode> objects = new TreeMap<>(io.j8s.store.Keys.ORDER);
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile long revision;
    /** The oldest revision whose changes are all still in {@code history}; watches may start after {@code oldest - 1}. */
    private long oldest;
    private volatile Watch watch;
    private volatile boolean closed;

    public WatchCache(Store store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /** How long {@link #start} waits for the replay of the store's history. */
    private static final Duration REPLAY_LIMIT = Duration.ofMinutes(1);

    /**
     * Loads everything and starts following the store. The history is rebuilt from the store's
     * own, as far back as it is kept (not compacted) and fits {@code capacity}: the state at that
     * revision is loaded and every change since replayed, so a client that watched the previous
     * API server resumes from its resourceVersion instead of getting 410 Gone. Returns once the
     * replay has reached the store's current revision: lists are never served from the past.
     */
    public void start() {
        long current = store.currentRevision();
        long from = Math.max(1, Math.max(store.compactRevision(), current - capacity));
        try {
            load(from);
        } catch (CompactedException e) {
            load(0);
        }
        // Exact while every key lives under /registry/; if one did not, the wait would end at the limit.
        if (!waitFor(current, REPLAY_LIMIT)) {
            log.warn("Watch cache replayed to revision {} of {} within {}", revision, current, REPLAY_LIMIT);
        }
        log.info("Watch cache holds {} objects at revision {}, changes since revision {}", size(), revision, oldest - 1);
    }

    /** Loads the objects at {@code at} (the current revision if 0) and follows the store from there. */
    private void load(long at) {
        lock.writeLock().lock();
        try {
            RangeRequest everything = RangeRequest.prefix(Keys.ROOT);
            RangeResult all = store.range(at > 0 ? everything.atRevision(at) : everything);
            objects.clear();
            for (KeyValue kv : all.kvs()) {
                objects.put(kv.key(), Codec.decode(kv));
            }
            revision = at > 0 ? at : all.revision();
            oldest = revision + 1;
            history.clear();
            watch = store.watch(WatchRequest.prefix(Keys.ROOT, revision + 1), new Listener());
        } finally {
            lock.writeLock().unlock();
        }
    }

    public long revision() {
        return revision;
    }

    /** Waits until the cache has seen {@code rev}; false if it did not within {@code timeout}. */
    public boolean waitFor(long rev, Duration timeout) {
        if (revision >= rev) return true;
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.writeLock().lock();
        try {
            while (revision < rev && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                advanced.awaitNanos(left);
            }
            return revision >= rev;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every object under {@code prefix}, at one revision. */
    public Snapshot list(String prefix) {
        lock.readLock().lock();
        try {
            return new Snapshot(new ArrayList<>(objects.subMap(prefix, true, io.j8s.store.Keys.prefixEnd(prefix), false).values()),
                    revision);
        } finally {
            lock.readLock().unlock();
        }
    }

    public ObjectNode get(String key) {
        lock.readLock().lock();
        try {
            return objects.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Subscribes to changes under {@code prefix}. With {@code initialState}, the current objects
     * come first as ADDED (a watch without a resourceVersion, or with "0"); otherwise every
     * change after {@code afterRevision}, or 410 Gone if the cache no longer has them all.
     */
    public Subscription subscribe(String prefix, boolean initialState, long afterRevision, int backlog) {
        return subscribe(prefix, null, initialState, afterRevision, backlog);
    }

    /**
     * As {@link #subscribe(String, boolean, long, int)}, offering only the changes whose object,
     * before or after, passes {@code interest} (null: every change under {@code prefix}).
     */
    public Subscription subscribe(String prefix, Predicate<ObjectNode> interest, boolean initialState, long afterRevision,
                                  int backlog) {
        lock.readLock().lock();
        try {
            Subscription s = new Subscription(prefix, interest, backlog, subscriptions::remove);
            if (initialState) {
                for (ObjectNode o : objects.subMap(prefix, true, io.j8s.store.Keys.prefixEnd(prefix), false).values()) {
                    s.offer(new Event(Type.ADDED, null, o, null, revision));
                }
            } else {
                if (afterRevision < oldest - 1) {
                    throw StatusException.gone("too old resource version: " + afterRevision + " (" + (oldest - 1) + ")");
                }
                for (Event e : history) {
                    if (e.revision() > afterRevision && e.key().startsWith(prefix) && s.wants(e)) s.offer(e);
                }
            }
            subscriptions.add(s);
            return s;
        } finally {
            lock.readLock().unlock();
        }
    }

    private final class Listener implements WatchListener {
        @Override
        public void onEvents(List<WatchEvent> events) {
            lock.writeLock().lock();
            try {
                for (WatchEvent e : events) apply(e);
                revision = events.get(events.size() - 1).revision();
                advanced.signalAll();
            } finally {
                lock.writeLock().unlock();
            }
        }

        @Override
        public void onError(StoreException error) {
            if (closed) return;
            // History is gone or we fell behind: start over from a fresh list. Watchers cannot be
            // continued across the gap, so they end and their clients re-list, as upstream's do.
            log.warn("Watch cache lost the store's watch ({}); reloading", error.getMessage());
            subscriptions.forEach(Subscription::end);
            load(0);
        }
    }

    private void apply(WatchEvent e) {
        String key = e.kv().key();
        Event event;
        if (e.type() == WatchEvent.Type.PUT) {
            ObjectNode obj = Codec.decode(e.kv());
            ObjectNode prev = objects.put(key, obj);
            event = new Event(prev == null ? Type.ADDED : Type.MODIFIED, key, obj, prev, e.revision());
        } else {
            ObjectNode prev = objects.remove(key);
            if (prev == null) return;
            ObjectNode last = prev.deepCopy();
            ((ObjectNode) last.get("metadata")).put("resourceVersion", Long.toString(e.revision()));
            event = new Event(Type.DELETED, key, last, prev, e.revision());
        }
        history.addLast(event);
        while (history.size() > capacity) {
            oldest = history.removeFirst().revision() + 1;
        }
        for (Subscription s : subscriptions) {
            if (key.startsWith(s.prefix()) && s.wants(event)) s.offer(event);
        }
    }

    /** For tests and metrics. */
    public int size() {
        lock.readLock().lock();
        try {
            return objects.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        Watch w = watch;
        if (w != null) w.close();
        subscriptions.forEach(Subscription::end);
        lock.writeLock().lock();
        try {
            advanced.signalAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Counts objects per resource prefix, for apiserver_storage_objects. */
    public Map<String, Integer> countsByResource() {
        Map<String, Integer> counts = new TreeMap<>();
        lock.readLock().lock();
        try {
            for (String key : objects.keySet()) {
                String rest = key.substring(Keys.ROOT.length());
                int a = rest.indexOf('/');
                int b = a < 0 ? -1 : rest.indexOf('/', a + 1);
                if (b > 0) counts.merge(rest.substring(0, b), 1, Integer::sum);
            }
        } finally {
            lock.readLock().unlock();
        }
        return counts;
    }
}
