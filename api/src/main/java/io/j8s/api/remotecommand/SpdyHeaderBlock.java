package io.j8s.api.remotecommand;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SPDY/3 name/value header block before compression: the number of pairs, then each name and
 * value as a 32-bit length and its bytes; a value holding several values joins them with NUL.
 */
final class SpdyHeaderBlock {

    private SpdyHeaderBlock() {}

    static byte[] encode(Map<String, List<String>> headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, headers.size());
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            writeString(out, h.getKey().toLowerCase(Locale.ROOT));
            writeString(out, String.join("\0", h.getValue()));
        }
        return out.toByteArray();
    }

    static Map<String, List<String>> decode(byte[] block) throws SpdyProtocolException {
        ByteBuffer b = ByteBuffer.wrap(block);
        try {
            int count = b.getInt();
            if (count < 0 || count > b.remaining() / 8) throw new SpdyProtocolException("header block with " + count + " pairs");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                // Go's spdy reader lowercases names (and complains); so does this one, silently.
                String name = readString(b).toLowerCase(Locale.ROOT);
                List<String> values = headers.computeIfAbsent(name, n -> new ArrayList<>());
                values.addAll(Arrays.asList(readString(b).split("\0", -1)));
            }
            return headers;
        } catch (BufferUnderflowException e) {
            throw new SpdyProtocolException("truncated header block");
        }
    }

    private static String readString(ByteBuffer b) throws SpdyProtocolException {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) throw new SpdyProtocolException("header string of " + len + " bytes overruns its block");
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, b.length);
        out.writeBytes(b);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
