package io.j8s.api.openapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one protocol buffers message: the three wire forms gnostic's OpenAPI v2 messages need
 * (strings, booleans, embedded messages). Defaults (empty string, false) are left out, as proto3
 * does; an embedded message is always written, since its presence is meaningful (an empty
 * {@code properties} still makes a schema a struct).
 */
final class ProtoWriter {

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter string(int field, String value) {
        if (value == null || value.isEmpty()) return this;
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        tag(field, LENGTH_DELIMITED);
        varint(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    ProtoWriter bool(int field, boolean value) {
        if (!value) return this;
        tag(field, VARINT);
        varint(1);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        tag(field, LENGTH_DELIMITED);
        varint(message.out.size());
        out.writeBytes(message.out.toByteArray());
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint((long) field << 3 | wireType);
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
