package io.j8s.apiserver.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.store.KeyValue;
import io.j8s.store.Store;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * An allocation bitmap that lives in the store, as upstream's {@code allocator/etcd.Etcd}: one
 * {@code RangeAllocation} record ({@code /registry/ranges/serviceips},
 * {@code /registry/ranges/servicenodeports}) holding the range and the bitmap, changed only by a
 * compare-and-swap on its mod revision. So two API servers on one store never hand out the same
 * item: the second one's write fails, it reloads the record and decides again.
 *
 * <p>Every change reads the record first (the embedded store answers from memory) and writes it
 * back conditionally; {@code this} serializes the changes of one server, the store's revision
 * those of several.
 */
final class StoredRange {

    /** The stored record, as read: its bitmap and the mod revision to write against (0: absent). */
    record Snapshot(AllocationBitmap bitmap, long modRevision, String storedRange) {}

    /** The outcome of one change: what it returns, and whether the bitmap must be written. */
    record Change<T>(T result, boolean write) {}

    private final Store store;
    private final String key;
    private final String name;
    private final String rangeSpec;
    private final int size;
    private final int offset;
    private final RandomGenerator random;
    /** The last record read or written, by its mod revision, so a read of an unchanged record decodes nothing. */
    private AllocationBitmap cached;
    private long cachedRevision = -1;

    StoredRange(Store store, String name, String rangeSpec, int size, int offset, RandomGenerator random) {
        this.store = store;
        this.key = "/registry/ranges/" + name;
        this.name = name;
        this.rangeSpec = rangeSpec;
        this.size = size;
        this.offset = offset;
        this.random = random;
    }

    /** Whether a snapshot is of this range (not of another configuration's). */
    boolean matches(Snapshot s) {
        return rangeSpec.equals(s.storedRange());
    }

    /** Takes item {@code i}; false if it is taken. With {@code dryRun} only looks. */
    boolean allocate(int i, boolean dryRun) {
        return change(b -> new Change<>(b.allocate(i), true), dryRun);
    }

    /** Takes a free item (upper block first); empty when the range is full. With {@code dryRun} only picks one. */
    OptionalInt allocateNext(boolean dryRun) {
        return change(b -> {
            OptionalInt next = b.next(random);
            next.ifPresent(b::allocate);
            return new Change<>(next, next.isPresent());
        }, dryRun);
    }

    void release(int i) {
        change(b -> {
            if (!b.has(i)) return new Change<>(null, false);
            b.release(i);
            return new Change<>(null, true);
        }, false);
    }

    /** Applies {@code op} to the current bitmap and stores the result, retrying on a concurrent change. */
    synchronized <T> T change(Function<AllocationBitmap, Change<T>> op, boolean dryRun) {
        for (int attempt = 0; ; attempt++) {
            Snapshot s = read();
            if (s.storedRange() != null && !s.storedRange().equals(rangeSpec)) {
                throw new IllegalStateException("the stored " + name + " range " + s.storedRange() + " is not the configured "
                        + rangeSpec + "; another API server runs with a different range");
            }
            Change<T> c = op.apply(s.bitmap());
            if (!c.write() || dryRun) return c.result();
            if (write(s.bitmap(), s.modRevision())) return c.result();
            if (attempt > 100) throw new IllegalStateException("could not update " + key + ": too many concurrent changes");
        }
    }

    /** The stored record, or an empty bitmap if there is none (or it belongs to another range). */
    synchronized Snapshot read() {
        KeyValue kv = store.get(key);
        if (kv == null) return new Snapshot(new AllocationBitmap(size, offset), 0, null);
        if (kv.modRevision() == cachedRevision) return new Snapshot(cached.copy(), kv.modRevision(), rangeSpec);
        ObjectNode o = decode(kv.value());
        String stored = o.path("range").asText("");
        if (!stored.equals(rangeSpec)) return new Snapshot(new AllocationBitmap(size, offset), kv.modRevision(), stored);
        byte[] data = Base64.getDecoder().decode(o.path("data").asText(""));
        AllocationBitmap bitmap = AllocationBitmap.restore(size, offset, data);
        cached = bitmap.copy();
        cachedRevision = kv.modRevision();
        return new Snapshot(bitmap, kv.modRevision(), stored);
    }

    /** Writes {@code bitmap} if the record is still at {@code modRevision} (0: still absent). */
    synchronized boolean write(AllocationBitmap bitmap, long modRevision) {
        byte[] value = encode(bitmap);
        TxnResult r = modRevision == 0 ? store.txn(Txn.create(key, value, 0)) : store.txn(Txn.update(key, modRevision, value, 0));
        if (r.succeeded()) {
            cached = bitmap.copy();
            cachedRevision = r.revision();
        }
        return r.succeeded();
    }

    private byte[] encode(AllocationBitmap bitmap) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "RangeAllocation");
        o.putObject("metadata").put("name", name);
        o.put("range", rangeSpec).put("data", Base64.getEncoder().encodeToString(bitmap.snapshot()));
        try {
            return Json.MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode decode(byte[] value) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(value);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("stored range allocation is not JSON", e);
        }
    }
}
