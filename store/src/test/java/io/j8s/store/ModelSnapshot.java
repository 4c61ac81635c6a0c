package io.j8s.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ModelStore} snapshot holds: the whole event log (from which every revision is
 * derived), the compact revision and the live leases' TTLs.
 */
record ModelSnapshot(List<List<WatchEvent>> log, long compactRevision, long nextLeaseId, Map<Long, Long> leaseTtls) {

    private static final int MAGIC = 0x6a38734d; // "j8sM"

    static void write(ModelSnapshot s, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeLong(s.compactRevision);
        data.writeLong(s.nextLeaseId);
        data.writeInt(s.leaseTtls.size());
        for (Map.Entry<Long, Long> lease : s.leaseTtls.entrySet()) {
            data.writeLong(lease.getKey());
            data.writeLong(lease.getValue());
        }
        data.writeInt(s.log.size());
        for (List<WatchEvent> revision : s.log) {
            data.writeInt(revision.size());
            for (WatchEvent e : revision) {
                data.writeBoolean(e.type() == WatchEvent.Type.DELETE);
                writeKv(data, e.kv());
                data.writeBoolean(e.prevKv() != null);
                if (e.prevKv() != null) {
                    writeKv(data, e.prevKv());
                }
            }
        }
        data.flush();
    }

    static ModelSnapshot read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a model store snapshot");
        }
        long compactRevision = data.readLong();
        long nextLeaseId = data.readLong();
        Map<Long, Long> leaseTtls = new LinkedHashMap<>();
        for (int i = data.readInt(); i > 0; i--) {
            leaseTtls.put(data.readLong(), data.readLong());
        }
        List<List<WatchEvent>> log = new ArrayList<>();
        for (int r = data.readInt(); r > 0; r--) {
            List<WatchEvent> revision = new ArrayList<>();
            for (int n = data.readInt(); n > 0; n--) {
                WatchEvent.Type type = data.readBoolean() ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT;
                KeyValue kv = readKv(data);
                KeyValue prev = data.readBoolean() ? readKv(data) : null;
                revision.add(new WatchEvent(type, kv, prev));
            }
            log.add(revision);
        }
        return new ModelSnapshot(log, compactRevision, nextLeaseId, leaseTtls);
    }

    private static void writeKv(DataOutputStream data, KeyValue kv) throws IOException {
        byte[] key = kv.key().getBytes(StandardCharsets.UTF_8);
        data.writeInt(key.length);
        data.write(key);
        data.writeInt(kv.value().length);
        data.write(kv.value());
        data.writeLong(kv.createRevision());
        data.writeLong(kv.modRevision());
        data.writeLong(kv.version());
        data.writeLong(kv.lease());
    }

    private static KeyValue readKv(DataInputStream data) throws IOException {
        String key = new String(data.readNBytes(data.readInt()), StandardCharsets.UTF_8);
        byte[] value = data.readNBytes(data.readInt());
        return new KeyValue(key, value, data.readLong(), data.readLong(), data.readLong(), data.readLong());
    }
}
