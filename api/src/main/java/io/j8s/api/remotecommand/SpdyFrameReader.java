package io.j8s.api.remotecommand;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes SPDY/3.1 frames from a stream, one at a time; control frames of unknown types are
 * skipped, as the SPDY/3 draft asks. Header blocks share one zlib stream, so every frame of the
 * connection must go through the same reader, in order.
 */
public final class SpdyFrameReader {

    /** Decompressed header blocks larger than this end the connection: no exec needs them. */
    static final int MAX_HEADER_BLOCK = 256 * 1024;

    private final DataInputStream in;
    private final Inflater inflater = new Inflater();
    private final byte[] dictionary = SpdyDictionary.bytes();
    private final byte[] chunk = new byte[4096];

    public SpdyFrameReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /**
     * The next frame; null when the stream ends cleanly between frames.
     *
     * @throws SpdyProtocolException on bytes that are not SPDY
     * @throws EOFException when the stream ends inside a frame
     */
    public SpdyFrame read() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) return null;
            int first = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            int flagsAndLength = in.readInt();
            int flags = flagsAndLength >>> 24;
            byte[] payload = new byte[flagsAndLength & 0xffffff];
            in.readFully(payload);
            if ((first & 0x80000000) == 0) {
                int streamId = first & 0x7fffffff;
                if (streamId == 0) throw new SpdyProtocolException("data frame on stream 0");
                return new SpdyFrame.Data(streamId, flags, payload);
            }
            SpdyFrame f = control(first & 0xffff, flags, ByteBuffer.wrap(payload));
            if (f != null) return f;
        }
    }

    private SpdyFrame control(int type, int flags, ByteBuffer b) throws SpdyProtocolException {
        try {
            return switch (type) {
                case 1 -> {
                    int id = streamId(b);
                    int associated = b.getInt() & 0x7fffffff;
                    int priority = (b.get() & 0xff) >>> 5;
                    b.get(); // credential slot, unused
                    yield new SpdyFrame.SynStream(id, associated, priority, flags, headers(b));
                }
                case 2 -> new SpdyFrame.SynReply(streamId(b), flags, headers(b));
                case 3 -> new SpdyFrame.RstStream(streamId(b), b.getInt());
                case 4 -> {
                    int n = b.getInt();
                    if (n < 0 || n > b.remaining() / 8) throw new SpdyProtocolException("SETTINGS with " + n + " entries");
                    List<SpdyFrame.Setting> settings = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        int flagId = b.getInt();
                        settings.add(new SpdyFrame.Setting(flagId >>> 24, flagId & 0xffffff, b.getInt()));
                    }
                    yield new SpdyFrame.Settings(flags, settings);
                }
                case 6 -> new SpdyFrame.Ping(b.getInt());
                case 7 -> new SpdyFrame.GoAway(b.getInt() & 0x7fffffff, b.remaining() >= 4 ? b.getInt() : 0);
                case 8 -> new SpdyFrame.Headers(streamId(b), flags, headers(b));
                case 9 -> new SpdyFrame.WindowUpdate(b.getInt() & 0x7fffffff, b.getInt() & 0x7fffffff);
                default -> null;
            };
        } catch (BufferUnderflowException e) {
            throw new SpdyProtocolException("control frame of type " + type + " is too short");
        }
    }

    private static int streamId(ByteBuffer b) throws SpdyProtocolException {
        int id = b.getInt() & 0x7fffffff;
        if (id == 0) throw new SpdyProtocolException("stream id zero is disallowed");
        return id;
    }

    /** Inflates the rest of {@code b}, a complete sync-flushed piece of the connection's zlib stream. */
    private Map<String, List<String>> headers(ByteBuffer b) throws SpdyProtocolException {
        inflater.setInput(b.array(), b.arrayOffset() + b.position(), b.remaining());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    out.write(chunk, 0, n);
                    if (out.size() > MAX_HEADER_BLOCK) throw new SpdyProtocolException("header block over " + MAX_HEADER_BLOCK + " bytes");
                } else if (inflater.needsDictionary()) {
                    inflater.setDictionary(dictionary);
                } else {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new SpdyProtocolException("header block does not decompress: " + e.getMessage(), e);
        }
        if (inflater.getRemaining() > 0) throw new SpdyProtocolException("compressed header block has trailing bytes");
        return SpdyHeaderBlock.decode(out.toByteArray());
    }
}
