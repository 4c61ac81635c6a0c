package io.j8s.store.embedded;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the write-ahead log: the effects of one committed request, never the request
 * itself, so replay needs no evaluation. A transaction is one record, hence all or nothing.
 *
 * @param revision the store's revision after the record (its own if it wrote keys)
 */
record Record(long revision, List<Effect> effects) {

    sealed interface Effect {}

    record Put(String key, byte[] value, long lease) implements Effect {}

    record Delete(String key) implements Effect {}

    record GrantLease(long id, long ttlSeconds) implements Effect {}

    record RevokeLease(long id) implements Effect {}

    record Compact(long revision) implements Effect {}

    private static final byte PUT = 1, DELETE = 2, GRANT = 3, REVOKE = 4, COMPACT = 5;

    Record {
        effects = List.copyOf(effects);
    }

    boolean writesKeys() {
        return effects.stream().anyMatch(e -> e instanceof Put || e instanceof Delete);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(revision);
            out.writeInt(effects.size());
            for (Effect e : effects) {
                switch (e) {
                    case Put p -> {
                        out.writeByte(PUT);
                        writeString(out, p.key());
                        out.writeInt(p.value().length);
                        out.write(p.value());
                        out.writeLong(p.lease());
                    }
                    case Delete d -> {
                        out.writeByte(DELETE);
                        writeString(out, d.key());
                    }
                    case GrantLease g -> {
                        out.writeByte(GRANT);
                        out.writeLong(g.id());
                        out.writeLong(g.ttlSeconds());
                    }
                    case RevokeLease r -> {
                        out.writeByte(REVOKE);
                        out.writeLong(r.id());
                    }
                    case Compact c -> {
                        out.writeByte(COMPACT);
                        out.writeLong(c.revision());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Record decode(ByteBuffer payload) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(
                payload.array(), payload.arrayOffset() + payload.position(), payload.remaining()));
        long revision = in.readLong();
        int n = in.readInt();
        List<Effect> effects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte kind = in.readByte();
            effects.add(switch (kind) {
                case PUT -> {
                    String key = readString(in);
                    byte[] value = new byte[in.readInt()];
                    in.readFully(value);
                    yield new Put(key, value, in.readLong());
                }
                case DELETE -> new Delete(readString(in));
                case GRANT -> new GrantLease(in.readLong(), in.readLong());
                case REVOKE -> new RevokeLease(in.readLong());
                case COMPACT -> new Compact(in.readLong());
                default -> throw new IOException("unknown effect kind " + kind);
            });
        }
        return new Record(revision, effects);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
