package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.registry.Keys;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.SharedStorage;
import io.j8s.apiserver.watch.Subscription;
import io.j8s.apiserver.watch.WatchCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ?watch=true}: {@code {"type":…,"object":…}} events from the watch cache, until the
 * timeout, the client leaving, or the feed ending; sent as lines of a chunked HTTP response or as
 * WebSocket messages, whichever the client asked for (see {@link EventSink}).
 */
public final class WatchStream {

    /** Upstream's --min-request-timeout: watches without timeoutSeconds end after 30–60 min. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    /** The most events one write carries. */
    private static final int BATCH = 256;

    private final WatchCache cache;
    private final SharedStorage shared;
    private final Hooks hooks;
    private final Duration bookmarkInterval;
    private final int backlog;
    private final AtomicInteger open = new AtomicInteger();

    public WatchStream(WatchCache cache, SharedStorage shared, Hooks hooks, Duration bookmarkInterval, int backlog) {
        this.cache = cache;
        this.shared = shared;
        this.hooks = hooks;
        this.bookmarkInterval = bookmarkInterval;
        this.backlog = backlog;
    }

    /** Watches open now, for apiserver_registered_watchers. */
    public int open() {
        return open.get();
    }

    /**
     * One watch as the client asked for it, checked before anything is sent: a bad request is
     * still an HTTP error, not an event.
     *
     * @param key the store key (or key prefix) to follow
     * @param after the revision after which events are wanted; 0 when starting with the current objects
     * @param initialEventsEnd whether to mark the end of the initial events with a bookmark
     */
    record Watch(ResourceType type, String key, ListOptions opts, Negotiation negotiation, Duration timeout,
                 boolean bookmarks, boolean initial, long after, boolean initialEventsEnd) {}

    Watch prepare(Exchange ex, ResourceType type, String ns, ListOptions opts) {
        long timeoutSeconds = ex.queryLong("timeoutSeconds", 0);
        Duration timeout = timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : DEFAULT_TIMEOUT;
        String rv = opts.resourceVersion();
        boolean sendInitialEvents = "true".equals(ex.query("sendInitialEvents"));
        boolean initial = rv.isEmpty() || rv.equals("0") || sendInitialEvents;
        long after = initial ? 0 : parse(rv);
        String prefix = Keys.collection(shared.storage(type), ns);
        String name = fieldName(ex);
        return new Watch(type, name == null ? prefix : prefix + name, opts, Negotiation.of(ex), timeout,
                ex.queryFlag("allowWatchBookmarks"), initial, after, initial && sendInitialEvents);
    }

    /** {@code ?watch=true} as a plain HTTP request: a chunked response. */
    void serve(Exchange ex, ResourceType type, String ns, ListOptions opts) {
        Watch watch = prepare(ex, type, ns, opts);
        run(watch, new ChunkedEventSink(ex));
    }

    /** Runs {@code watch} into {@code sink} until the timeout, the client leaving, or the feed ending. */
    void run(Watch watch, EventSink sink) {
        try {
            Subscription sub;
            try {
                if (!watch.initial()) cache.waitFor(watch.after(), Duration.ofSeconds(3));
                // A view (events.k8s.io) is filtered by its own field names, so only after conversion.
                boolean prefilter = watch.opts().selective() && !shared.isView(watch.type());
                sub = cache.subscribe(watch.key(), prefilter ? watch.opts().filter() : null, watch.initial(), watch.after(),
                        backlog);
            } catch (StatusException e) {
                // Too old a resourceVersion is an event, as upstream sends it: the watch did start.
                sink.send(List.of(line(event("ERROR", e.toStatus()))));
                sink.end();
                return;
            }
            open.incrementAndGet();
            try (sub) {
                sink.onClientGone(sub::close);
                sink.begin();
                stream(watch, sub, sink);
            } finally {
                open.decrementAndGet();
            }
        } catch (Exchange.ClientGoneException e) {
            // nothing to tell anyone
        }
    }

    private void stream(Watch w, Subscription sub, EventSink sink) {
        long deadline = System.nanoTime() + w.timeout().toNanos();
        long lastWrite = System.nanoTime();
        long revision = cache.revision();
        boolean columns = true;
        boolean sentInitialEnd = !w.initialEventsEnd();
        List<WatchCache.Event> batch = new ArrayList<>(BATCH);
        List<byte[]> lines = new ArrayList<>(BATCH);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                Duration wait = Duration.ofNanos(Math.min(left, bookmarkInterval.toNanos()));
                WatchCache.Event first = sub.poll(sentInitialEnd ? wait : Duration.ZERO);
                if (first == null) {
                    if (!sentInitialEnd && w.bookmarks()) {
                        sink.send(List.of(line(bookmark(w.type(), cache.revision(), true))));
                        sentInitialEnd = true;
                        lastWrite = System.nanoTime();
                    } else if (w.bookmarks() && System.nanoTime() - lastWrite >= bookmarkInterval.toNanos()) {
                        sink.send(List.of(line(bookmark(w.type(), Math.max(revision, cache.revision()), false))));
                        lastWrite = System.nanoTime();
                    }
                    sentInitialEnd = true;
                    continue;
                }
                // What else is queued goes out in the same write: under load, fewer and larger writes.
                batch.clear();
                batch.add(first);
                sub.drainTo(batch, BATCH - 1);
                lines.clear();
                boolean view = shared.isView(w.type());
                for (WatchCache.Event raw : batch) {
                    // A view (events.k8s.io over core Events) gets its own copy, encoded for it alone.
                    WatchCache.Event e = view ? viewOf(w.type(), raw) : raw;
                    revision = Math.max(revision, e.revision());
                    WatchCache.Type as = transition(e, w.opts());
                    if (as == null) continue;
                    if (w.negotiation().table()) {
                        ObjectNode table = hooks.tables().table(w.type(), List.of(typed(w.type(), e.object())),
                                w.negotiation().includeObject(), columns);
                        columns = false;
                        lines.add(line(event(as.name(), table)));
                    } else {
                        lines.add(e.encoded().line(as, () -> line(event(as.name(), typed(w.type(), e.object())))));
                    }
                }
                if (lines.isEmpty()) continue;
                sink.send(lines);
                lastWrite = System.nanoTime();
            }
        } catch (Subscription.EndedException e) {
            // The feed ended, or the client left: a client still there re-watches from the
            // last resourceVersion it saw.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.end();
    }

    private WatchCache.Event viewOf(ResourceType type, WatchCache.Event e) {
        return new WatchCache.Event(e.type(), e.key(), shared.fromStorage(type, e.object()),
                e.previous() == null ? null : shared.fromStorage(type, e.previous()), e.revision());
    }

    /** A copy of a cached object with its apiVersion and kind, which the store does not keep. */
    private static ObjectNode typed(ResourceType type, ObjectNode cached) {
        ObjectNode object = cached.deepCopy();
        object.put("apiVersion", type.apiVersion()).put("kind", type.kind());
        return object;
    }

    private static byte[] line(ObjectNode event) {
        return (Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The event type a selective watcher sees: an object moving into the selection is ADDED, one
     * moving out is DELETED, as upstream's cacher reports it; null when it concerns neither.
     */
    static WatchCache.Type transition(WatchCache.Event e, ListOptions opts) {
        boolean now = e.type() != WatchCache.Type.DELETED && opts.filter().test(e.object());
        boolean before = e.previous() != null && opts.filter().test(e.previous());
        return switch (e.type()) {
            case ADDED -> now ? WatchCache.Type.ADDED : null;
            case DELETED -> before || opts.filter().test(e.object()) ? WatchCache.Type.DELETED : null;
            case MODIFIED -> now && before ? WatchCache.Type.MODIFIED : now ? WatchCache.Type.ADDED : before ? WatchCache.Type.DELETED : null;
        };
    }

    private static ObjectNode bookmark(ResourceType type, long revision, boolean initialEventsEnd) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("kind", type.kind()).put("apiVersion", type.apiVersion());
        ObjectNode meta = o.putObject("metadata").put("resourceVersion", Long.toString(revision));
        if (initialEventsEnd) meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        return event("BOOKMARK", o);
    }

    private static ObjectNode event(String type, ObjectNode object) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", type);
        event.set("object", object);
        return event;
    }

    /** A watch on one object (fieldSelector=metadata.name=x) can follow just its key. */
    private static String fieldName(Exchange ex) {
        String f = ex.query("fieldSelector", "");
        if (f.startsWith("metadata.name=") && !f.contains(",")) {
            String name = f.substring("metadata.name=".length());
            return name.startsWith("=") ? null : name;
        }
        return null;
    }

    private static long parse(String rv) {
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid resource version: \"" + rv + "\"");
        }
    }
}
