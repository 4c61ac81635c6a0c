package io.j8s.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.j8s.store.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Conversions between the store's keys and values and jetcd's byte sequences. Keys travel as
 * their UTF-8 bytes, which is what makes etcd's byte order the store's code point order; the
 * range end {@code Keys.ALL_AFTER} ("\0") encodes to etcd's one zero byte with no special case.
 */
final class KeyValues {

    private KeyValues() {}

    static ByteSequence bytes(String key) {
        return ByteSequence.from(key, StandardCharsets.UTF_8);
    }

    static String string(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static KeyValue keyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(string(kv.getKey()), kv.getValue().getBytes(), kv.getCreateRevision(),
                kv.getModRevision(), kv.getVersion(), kv.getLease());
    }

    static List<KeyValue> keyValues(List<io.etcd.jetcd.KeyValue> kvs) {
        return kvs.stream().map(KeyValues::keyValue).toList();
    }

    /**
     * A previous value as jetcd hands it over: jetcd turns an absent protobuf field into an
     * empty KeyValue rather than null, and etcd keys are never empty, so empty means absent.
     */
    static KeyValue previous(io.etcd.jetcd.KeyValue kv) {
        return kv == null || kv.getKey().isEmpty() ? null : keyValue(kv);
    }
}
