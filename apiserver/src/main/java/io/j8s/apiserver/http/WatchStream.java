package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.registry.Keys;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.watch.Subscription;
import io.j8s.apiserver.watch.WatchCache;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ?watch=true}: a chunked stream of {@code {"type":…,"object":…}} lines from the watch
 * cache, until the timeout, the client leaving, or the feed ending.
 */
public final class WatchStream {

    /** Upstream's --min-request-timeout: watches without timeoutSeconds end after 30–60 min. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private final WatchCache cache;
    private final Hooks hooks;
    private final Duration bookmarkInterval;
    private final int backlog;
    private final AtomicInteger open = new AtomicInteger();

    public WatchStream(WatchCache cache, Hooks hooks, Duration bookmarkInterval, int backlog) {
        this.cache = cache;
        this.hooks = hooks;
        this.bookmarkInterval = bookmarkInterval;
        this.backlog = backlog;
    }

    /** Watches open now, for apiserver_registered_watchers. */
    public int open() {
        return open.get();
    }

    void serve(Exchange ex, ResourceType type, String ns, ListOptions opts) {
        long timeoutSeconds = ex.queryLong("timeoutSeconds", 0);
        Duration timeout = timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : DEFAULT_TIMEOUT;
        boolean bookmarks = ex.queryFlag("allowWatchBookmarks");
        String rv = opts.resourceVersion();
        boolean initial = rv.isEmpty() || rv.equals("0") || "true".equals(ex.query("sendInitialEvents"));
        long after = initial ? 0 : parse(rv);
        Negotiation n = Negotiation.of(ex);
        String prefix = Keys.collection(type, ns);
        String name = fieldName(ex);

        Subscription sub;
        try {
            if (!initial) cache.waitFor(after, Duration.ofSeconds(3));
            sub = cache.subscribe(name == null ? prefix : prefix + name, initial, after, backlog);
        } catch (StatusException e) {
            ex.startStream("application/json");
            ex.write(false, line(Json.MAPPER.createObjectNode().put("type", "ERROR").set("object", e.toStatus())));
            ex.write(true, ByteBuffer.allocate(0));
            return;
        }
        AtomicBoolean gone = new AtomicBoolean();
        ex.request().addFailureListener(failure -> {
            gone.set(true);
            sub.close();
        });
        open.incrementAndGet();
        ex.startStream(n.table() ? "application/json" : "application/json");
        try (sub) {
            stream(ex, type, opts, sub, n, timeout, bookmarks, initial && "true".equals(ex.query("sendInitialEvents")), gone);
        } finally {
            open.decrementAndGet();
        }
    }

    private void stream(Exchange ex, ResourceType type, ListOptions opts, Subscription sub, Negotiation n, Duration timeout,
                        boolean bookmarks, boolean initialEventsEnd, AtomicBoolean gone) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastWrite = System.nanoTime();
        long revision = cache.revision();
        boolean columns = true;
        boolean sentInitialEnd = !initialEventsEnd;
        try {
            while (!gone.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                Duration wait = Duration.ofNanos(Math.min(left, bookmarkInterval.toNanos()));
                WatchCache.Event e = sub.poll(sentInitialEnd ? wait : Duration.ZERO);
                if (e == null) {
                    if (!sentInitialEnd && bookmarks) {
                        ex.write(false, line(bookmark(type, cache.revision(), true)));
                        sentInitialEnd = true;
                        lastWrite = System.nanoTime();
                    } else if (bookmarks && System.nanoTime() - lastWrite >= bookmarkInterval.toNanos()) {
                        ex.write(false, line(bookmark(type, Math.max(revision, cache.revision()), false)));
                        lastWrite = System.nanoTime();
                    }
                    sentInitialEnd = true;
                    continue;
                }
                revision = Math.max(revision, e.revision());
                String eventType = transition(e, opts);
                if (eventType == null) continue;
                ObjectNode object = e.object().deepCopy();
                object.put("apiVersion", type.apiVersion()).put("kind", type.kind());
                if (n.table()) {
                    object = hooks.tables().table(type, List.of(object), n.includeObject(), columns);
                    columns = false;
                }
                ObjectNode event = Json.MAPPER.createObjectNode().put("type", eventType);
                event.set("object", object);
                ex.write(false, line(event));
                lastWrite = System.nanoTime();
            }
            ex.write(true, ByteBuffer.allocate(0));
        } catch (Subscription.EndedException e) {
            // The client re-watches from the last resourceVersion it saw.
            ex.write(true, ByteBuffer.allocate(0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exchange.ClientGoneException e) {
            // nothing to tell anyone
        }
    }

    /**
     * The event type a selective watcher sees: an object moving into the selection is ADDED, one
     * moving out is DELETED, as upstream's cacher reports it; null when it concerns neither.
     */
    static String transition(WatchCache.Event e, ListOptions opts) {
        boolean now = e.type() != WatchCache.Type.DELETED && opts.filter().test(e.object());
        boolean before = e.previous() != null && opts.filter().test(e.previous());
        return switch (e.type()) {
            case ADDED -> now ? "ADDED" : null;
            case DELETED -> before || opts.filter().test(e.object()) ? "DELETED" : null;
            case MODIFIED -> now && before ? "MODIFIED" : now ? "ADDED" : before ? "DELETED" : null;
        };
    }

    private static ObjectNode bookmark(ResourceType type, long revision, boolean initialEventsEnd) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("kind", type.kind()).put("apiVersion", type.apiVersion());
        ObjectNode meta = o.putObject("metadata").put("resourceVersion", Long.toString(revision));
        if (initialEventsEnd) meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", "BOOKMARK");
        event.set("object", o);
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

    private static ByteBuffer line(ObjectNode event) {
        return ByteBuffer.wrap((Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
