package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.watch.WatchCache;
import io.j8s.store.CompactedException;
import io.j8s.store.FutureRevisionException;
import io.j8s.store.KeyValue;
import io.j8s.store.LeaseNotFoundException;
import io.j8s.store.RangeRequest;
import io.j8s.store.RangeResult;
import io.j8s.store.Store;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The verbs of the REST API on any resource, over the store and the watch cache: upstream's
 * generic registry ({@code k8s.io/apiserver/pkg/registry/generic/registry.Store}) with the
 * per-kind parts delegated to {@link Strategy} and {@link ObjectRules}.
 */
public final class ResourceRest {

    /** How long a consistent read waits for the cache to catch up before reading the store. */
    private static final Duration CACHE_WAIT = Duration.ofSeconds(3);

    private final Store store;
    private final WatchCache cache;
    private final Strategy strategy;
    private final ObjectRules rules;
    private final ResourceRegistry registry;
    private final EventLeases eventLeases;
    private final SharedStorage shared;
    private final WriteHooks hooks;

    public ResourceRest(Store store, WatchCache cache, Strategy strategy, ObjectRules rules, ResourceRegistry registry,
                        EventLeases eventLeases) {
        this(store, cache, strategy, rules, registry, eventLeases, new SharedStorage(registry));
    }

    public ResourceRest(Store store, WatchCache cache, Strategy strategy, ObjectRules rules, ResourceRegistry registry,
                        EventLeases eventLeases, SharedStorage shared) {
        this(store, cache, strategy, rules, registry, eventLeases, shared, WriteHooks.NONE);
    }

    /** @param hooks what some kinds' storage does around a write (the Service registry's allocations) */
    public ResourceRest(Store store, WatchCache cache, Strategy strategy, ObjectRules rules, ResourceRegistry registry,
                        EventLeases eventLeases, SharedStorage shared, WriteHooks hooks) {
        this.hooks = hooks;
        this.store = store;
        this.cache = cache;
        this.strategy = strategy;
        this.rules = rules;
        this.registry = registry;
        this.eventLeases = eventLeases;
        this.shared = shared;
    }

    public record ListResult(List<ObjectNode> items, String resourceVersion, String continueToken, Long remainingItemCount) {}

    public record WriteResult(ObjectNode object, boolean created) {}

    // ---- reads ----

    public ObjectNode get(ResourceType type, String ns, String name) {
        KeyValue kv = store.get(key(type, ns, name));
        if (kv == null) throw StatusException.notFound(type, name);
        return decode(type, kv);
    }

    public ListResult list(ResourceType type, String ns, ListOptions opts) {
        String prefix = Keys.collection(shared.storage(type), ns);
        if (opts.limit() > 0 || !opts.continueToken().isEmpty() || "Exact".equals(opts.resourceVersionMatch())) {
            return listFromStore(type, prefix, opts);
        }
        if (!"0".equals(opts.resourceVersion())) {
            long want = opts.resourceVersion().isEmpty() ? store.currentRevision() : parseRv(opts.resourceVersion());
            if (!cache.waitFor(want, CACHE_WAIT)) {
                return listFromStore(type, prefix, opts);
            }
        }
        WatchCache.Snapshot snap = cache.list(prefix);
        List<ObjectNode> items = snap.objects().stream().map(o -> shared.fromStorage(type, o)).filter(opts.filter()).toList();
        return new ListResult(items, Long.toString(snap.revision()), null, null);
    }

    private ListResult listFromStore(ResourceType type, String prefix, ListOptions opts) {
        long revision = 0;
        String start = prefix;
        if (!opts.continueToken().isEmpty()) {
            Continue c = Continue.decode(opts.continueToken(), prefix);
            revision = c.revision();
            start = c.start();
        } else if ("Exact".equals(opts.resourceVersionMatch())) {
            revision = parseRv(opts.resourceVersion());
        }
        String end = io.j8s.store.Keys.prefixEnd(prefix);
        List<ObjectNode> items = new ArrayList<>();
        long limit = opts.limit() > 0 ? opts.limit() : Long.MAX_VALUE;
        try {
            while (true) {
                long page = Math.min(Math.max(limit - items.size(), 1), 10_000);
                RangeResult r = store.range(new RangeRequest(start, end, revision, page, false, false));
                if (revision == 0) revision = r.revision();
                for (KeyValue kv : r.kvs()) {
                    start = kv.key() + "\0";
                    ObjectNode o = decode(type, kv);
                    if (opts.filter().test(o)) items.add(o);
                    if (items.size() == limit) {
                        long remaining = store.range(new RangeRequest(start, end, revision, 0, true, false)).count();
                        if (remaining == 0) return new ListResult(items, Long.toString(revision), null, null);
                        return new ListResult(items, Long.toString(revision), new Continue(revision, start).encode(prefix),
                                opts.selective() ? null : remaining);
                    }
                }
                if (!r.more()) return new ListResult(items, Long.toString(revision), null, null);
            }
        } catch (CompactedException e) {
            throw StatusException.gone(opts.continueToken().isEmpty()
                    ? "too old resource version: " + revision + " (" + e.compactRevision() + ")"
                    : "The provided continue parameter is too old to display a consistent list result. You can start a new list"
                    + " without the continue parameter, or use the continue token in this response to retrieve the remainder"
                    + " of the results. Continuing with the provided token results in an inconsistent list - objects that were"
                    + " created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
        } catch (FutureRevisionException e) {
            throw new StatusException(504, "Timeout", "Too large resource version: " + revision + ", current: "
                    + store.currentRevision(), null, null, List.of());
        }
    }

    /** A continue token: the revision the list is read at, and the key to go on from. */
    record Continue(long revision, String start) {
        String encode(String prefix) {
            String json = "{\"v\":\"j8s.io/v1\",\"rv\":" + revision + ",\"start\":" + Json.write(start.substring(prefix.length())) + "}";
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

        static Continue decode(String token, String prefix) {
            try {
                JsonNode n = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
                long rv = n.path("rv").asLong(0);
                String start = n.path("start").asText(null);
                if (rv <= 0 || start == null || start.contains("\0\0")) throw new IllegalArgumentException();
                return new Continue(rv, prefix + start);
            } catch (Exception e) {
                throw StatusException.badRequest("continue key is not valid: " + e.getMessage());
            }
        }
    }

    static long parseRv(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid resource version: \"" + rv + "\"");
        }
    }

    // ---- writes ----

    public ObjectNode create(ResourceType type, String ns, ObjectNode obj, boolean dryRun) {
        ObjectNode meta = Strategy.metadata(obj);
        if (type.namespaced()) {
            meta.put("namespace", ns);
        } else {
            meta.remove("namespace");
        }
        boolean generated = Strategy.generatesName(obj);
        strategy.prepareForCreate(type, obj);
        rules.applyDefaults(type, obj, null);
        String name = meta.path("name").asText("");
        List<FieldError> errors = rules.validateCreate(type, obj);
        if (!errors.isEmpty()) throw StatusException.invalid(type, name, errors);
        if (type.namespaced()) admitNamespace(type, ns, name);
        WriteHooks.Pending pending = hooks.beginCreate(type, obj, dryRun);
        boolean committed = false;
        try {
            if (dryRun) return obj;
            TxnResult r = insert(type, ns, obj);
            // Upstream's RetryGenerateName: a generated name that is taken is replaced, up to 7 times.
            for (int retry = 0; !r.succeeded() && generated && retry < MAX_GENERATED_NAME_RETRIES; retry++) {
                strategy.renameGenerated(obj);
                r = insert(type, ns, obj);
            }
            if (!r.succeeded()) throw StatusException.alreadyExists(type, meta.path("name").asText(""));
            committed = true;
            meta.put("resourceVersion", Long.toString(r.revision()));
            return obj;
        } finally {
            pending.finish(committed);
        }
    }

    private static final int MAX_GENERATED_NAME_RETRIES = 7;

    /** Stores {@code obj} under its name if the key is free; Events with their store lease. */
    private TxnResult insert(ResourceType type, String ns, ObjectNode obj) {
        String key = key(type, ns, obj.path("metadata").path("name").asText());
        long lease = isEvent(type) ? eventLeases.leaseId() : 0;
        try {
            return store.txn(Txn.create(key, encode(type, obj), lease));
        } catch (LeaseNotFoundException e) {
            eventLeases.forget(lease);
            return store.txn(Txn.create(key, encode(type, obj), eventLeases.leaseId()));
        }
    }

    /** The store key of an object, under its resource's storage (see {@link SharedStorage}). */
    private String key(ResourceType type, String ns, String name) {
        return Keys.object(shared.storage(type), ns, name);
    }

    private ObjectNode decode(ResourceType type, KeyValue kv) {
        return shared.fromStorage(type, Codec.decode(kv));
    }

    private byte[] encode(ResourceType type, ObjectNode obj) {
        return Codec.encode(shared.toStorage(type, obj));
    }

    private static boolean isEvent(ResourceType type) {
        return type.kind().equals("Event");
    }

    /** Upstream's NamespaceLifecycle admission: no new content in a missing or terminating namespace. */
    private void admitNamespace(ResourceType type, String ns, String name) {
        ResourceType namespaces = registry.byPath("", "v1", "namespaces").orElseThrow();
        String key = Keys.object(namespaces, null, ns);
        // From the cache, as upstream's admission reads its informer; a namespace it has not seen
        // yet (created a moment ago) is looked up in the store before the create is refused.
        ObjectNode n = cache.get(key);
        if (n == null) {
            KeyValue kv = store.get(key);
            if (kv == null) throw StatusException.notFound(namespaces, ns);
            n = Codec.decode(kv);
        }
        if (n.path("metadata").has("deletionTimestamp") || "Terminating".equals(n.path("status").path("phase").asText())) {
            throw new StatusException(403, "Forbidden", type.groupResource() + " \"" + name + "\" is forbidden: unable to create new"
                    + " content in namespace " + ns + " because it is being terminated", type, name, List.of());
        }
    }

    /**
     * Replaces an object (PUT), with the body's resourceVersion, when set, as a precondition. A
     * write that changes nothing stores nothing and keeps the resourceVersion, as upstream.
     */
    public ObjectNode update(ResourceType type, String ns, String name, ObjectNode body, String subresource, boolean dryRun) {
        String want = Codec.resourceVersion(body);
        return guaranteedUpdate(type, ns, name, want, current -> {
            if (!want.isEmpty() && !want.equals(Codec.resourceVersion(current))) throw StatusException.conflict(type, name);
            return body.deepCopy();
        }, subresource, dryRun);
    }

    /** Patches: the patch is applied to the current object, retried if it changed under us. */
    public ObjectNode patch(ResourceType type, String ns, String name, UnaryOperator<ObjectNode> patcher, String subresource,
                            boolean dryRun) {
        return guaranteedUpdate(type, ns, name, "", current -> {
            ObjectNode patched = patcher.apply(current.deepCopy());
            String rv = Codec.resourceVersion(patched);
            // A resourceVersion in the patch is a precondition, as upstream.
            if (!rv.isEmpty() && !rv.equals(Codec.resourceVersion(current))) throw StatusException.conflict(type, name);
            return patched;
        }, subresource, dryRun);
    }

    private ObjectNode guaranteedUpdate(ResourceType type, String ns, String name, String precondition,
                                        UnaryOperator<ObjectNode> change, String subresource, boolean dryRun) {
        String key = key(type, ns, name);
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = store.get(key);
            if (kv == null) throw StatusException.notFound(type, name);
            ObjectNode current = decode(type, kv);
            ObjectNode obj = change.apply(current);
            ObjectNode meta = Strategy.metadata(obj);
            String bodyName = meta.path("name").asText("");
            if (!bodyName.isEmpty() && !bodyName.equals(name)) {
                throw StatusException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
            }
            meta.put("name", name);
            if (type.namespaced()) meta.put("namespace", ns);
            meta.put("resourceVersion", Long.toString(kv.modRevision()));
            strategy.prepareForUpdate(type, obj, current, subresource);
            rules.applyDefaults(type, obj, current);
            // pods/binding is the server's own change to an otherwise immutable spec (upstream's
            // BindingREST writes storage directly): the pod's update rules do not apply to it.
            List<FieldError> errors = "binding".equals(subresource) ? List.of() : rules.validateUpdate(type, obj, current);
            if (!errors.isEmpty()) throw StatusException.invalid(type, name, errors);
            if (obj.equals(current)) return current;
            WriteHooks.Pending pending = hooks.beginUpdate(type, obj, current, dryRun);
            boolean committed = false;
            try {
                if (dryRun) return obj;
                // A namespace also waits for its spec.finalizers (the namespace controller's "kubernetes").
                boolean finished = Strategy.metadata(obj).has("deletionTimestamp")
                        && Strategy.metadata(obj).path("finalizers").isEmpty() && !isGraceful(obj)
                        && obj.path("spec").path("finalizers").isEmpty();
                TxnResult r = finished
                        ? store.txn(Txn.deleteIf(key, kv.modRevision()))
                        : store.txn(Txn.update(key, kv.modRevision(), encode(type, obj), kv.lease()));
                if (r.succeeded()) {
                    committed = true;
                    pending.finish(true);
                    if (finished) hooks.afterDelete(type, obj);
                    Strategy.metadata(obj).put("resourceVersion", Long.toString(r.revision()));
                    return obj;
                }
            } finally {
                if (!committed) pending.finish(false);
            }
            if (!precondition.isEmpty() || attempt > 50) throw StatusException.conflict(type, name);
        }
    }

    private static boolean isGraceful(ObjectNode obj) {
        return obj.path("metadata").path("deletionGracePeriodSeconds").asLong(0) > 0;
    }

    // ---- deletes ----

    /**
     * @param gracePeriodSeconds from DeleteOptions, or null
     * @param propagation "Background" (default), "Foreground" or "Orphan"
     * @param preconditionUid / preconditionRv from DeleteOptions, or null
     */
    public record DeleteOptions(Long gracePeriodSeconds, String propagation, String preconditionUid, String preconditionRv,
                                boolean dryRun) {}

    /** Deletes (or starts deleting) an object; returns its last state. */
    public ObjectNode delete(ResourceType type, String ns, String name, DeleteOptions opts) {
        String key = key(type, ns, name);
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = store.get(key);
            if (kv == null) throw StatusException.notFound(type, name);
            ObjectNode current = decode(type, kv);
            ObjectNode meta = Strategy.metadata(current);
            if (opts.preconditionUid() != null && !opts.preconditionUid().equals(meta.path("uid").asText())) {
                throw StatusException.conflict(type, name, "Precondition failed: UID in precondition: " + opts.preconditionUid()
                        + ", UID in object meta: " + meta.path("uid").asText());
            }
            if (opts.preconditionRv() != null && !opts.preconditionRv().equals(Long.toString(kv.modRevision()))) {
                throw StatusException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                        + opts.preconditionRv() + ", ResourceVersion in meta: " + kv.modRevision());
            }
            ObjectNode next = current.deepCopy();
            boolean keep = markForDeletion(type, next, opts);
            Strategy.omitEmpty(next);
            if (opts.dryRun()) return keep ? next : current;
            TxnResult r = keep
                    ? store.txn(Txn.update(key, kv.modRevision(), encode(type, next), kv.lease()))
                    : store.txn(Txn.deleteIf(key, kv.modRevision()));
            if (r.succeeded()) {
                if (!keep) hooks.afterDelete(type, current);
                ObjectNode out = keep ? next : current;
                Strategy.metadata(out).put("resourceVersion", Long.toString(r.revision()));
                return out;
            }
            if (attempt > 50) throw StatusException.conflict(type, name);
        }
    }

    /**
     * Applies a delete to {@code obj}: true if it must stay (graceful, finalizers, namespaces),
     * false if it can go now.
     */
    private boolean markForDeletion(ResourceType type, ObjectNode obj, DeleteOptions opts) {
        ObjectNode meta = Strategy.metadata(obj);
        ArrayNode finalizers = meta.has("finalizers") ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers");
        String propagation = opts.propagation() == null ? "" : opts.propagation();
        boolean already = meta.has("deletionTimestamp");
        if (propagation.equals("Orphan")) addFinalizer(finalizers, "orphan");
        if (propagation.equals("Foreground")) addFinalizer(finalizers, "foregroundDeletion");
        if (type.kind().equals("Namespace") && type.group().isEmpty()) {
            if (!already) {
                meta.put("deletionTimestamp", strategy.now());
                meta.put("deletionGracePeriodSeconds", 0);
            }
            ((ObjectNode) obj.with("status")).put("phase", "Terminating");
            if (finalizers.isEmpty()) meta.remove("finalizers");
            // The namespace controller empties it, then finalizes; with nothing to wait for it goes now.
            return obj.path("spec").path("finalizers").size() > 0 || meta.has("finalizers");
        }
        long grace = graceSeconds(type, obj, opts);
        if (grace > 0) {
            long existing = meta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE);
            if (!already || grace < existing) {
                meta.put("deletionTimestamp", Strategy.timestamp(strategy.instant().plusSeconds(grace)));
                meta.put("deletionGracePeriodSeconds", grace);
            }
            if (finalizers.isEmpty()) meta.remove("finalizers");
            return true;
        }
        if (!finalizers.isEmpty()) {
            if (!already) {
                meta.put("deletionTimestamp", strategy.now());
                meta.put("deletionGracePeriodSeconds", 0);
            } else {
                meta.put("deletionGracePeriodSeconds", 0);
            }
            return true;
        }
        return false;
    }

    private static void addFinalizer(ArrayNode finalizers, String f) {
        for (JsonNode n : finalizers) if (n.asText().equals(f)) return;
        finalizers.add(f);
    }

    private static final Set<String> ENDED = Set.of("Succeeded", "Failed");

    /** Pods on a node get their grace period (the kubelet confirms); everything else goes now. */
    private static long graceSeconds(ResourceType type, ObjectNode obj, DeleteOptions opts) {
        if (!(type.kind().equals("Pod") && type.group().isEmpty())) return 0;
        if (opts.gracePeriodSeconds() != null && opts.gracePeriodSeconds() == 0) return 0;
        boolean bound = !obj.path("spec").path("nodeName").asText("").isEmpty();
        if (!bound || ENDED.contains(obj.path("status").path("phase").asText())) return 0;
        long grace = opts.gracePeriodSeconds() != null ? opts.gracePeriodSeconds()
                : obj.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        return Math.max(grace, 0) == 0 ? 0 : Math.max(grace, 1);
    }

    /** Deletes every object of a collection the options select (deletecollection). */
    public List<ObjectNode> deleteCollection(ResourceType type, String ns, ListOptions list, DeleteOptions opts) {
        List<ObjectNode> deleted = new ArrayList<>();
        for (ObjectNode o : list(type, ns, list).items()) {
            try {
                deleted.add(delete(type, ns, o.path("metadata").path("name").asText(), opts));
            } catch (StatusException e) {
                if (e.code() != 404) throw e;
            }
        }
        return deleted;
    }

    /** Creates an object unless it exists; used at start for the system namespaces. */
    public void ensure(ResourceType type, String ns, ObjectNode obj) {
        try {
            create(type, ns, obj, false);
        } catch (StatusException e) {
            if (e.code() != 409) throw e;
        }
    }
}
