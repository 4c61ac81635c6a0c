package io.j8s.api.remotecommand;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Encodes SPDY/3.1 frames. Header blocks share one zlib stream per direction, primed with the
 * SPDY dictionary and sync-flushed after each block, so frames must reach the peer in the order
 * they were encoded: one writer per connection, its output written in order.
 */
public final class SpdyFrameWriter {

    private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    private final byte[] chunk = new byte[4096];

    public SpdyFrameWriter() {
        deflater.setDictionary(SpdyDictionary.bytes());
    }

    /** The bytes of {@code frame}, to be sent before any frame encoded after it. */
    public synchronized byte[] encode(SpdyFrame frame) {
        return switch (frame) {
            case SpdyFrame.Data d -> {
                ByteBuffer b = ByteBuffer.allocate(8 + d.data().length);
                b.putInt(d.streamId() & 0x7fffffff).putInt((d.flags() << 24) | d.data().length).put(d.data());
                yield b.array();
            }
            case SpdyFrame.SynStream s -> {
                byte[] block = compress(s.headers());
                yield control(1, s.flags(), 10 + block.length).putInt(s.streamId()).putInt(s.associatedToStreamId())
                        .put((byte) (s.priority() << 5)).put((byte) 0).put(block).array();
            }
            case SpdyFrame.SynReply r -> withBlock(2, r.flags(), r.streamId(), compress(r.headers()));
            case SpdyFrame.RstStream r -> control(3, 0, 8).putInt(r.streamId()).putInt(r.status()).array();
            case SpdyFrame.Settings s -> {
                ByteBuffer b = control(4, s.flags(), 4 + 8 * s.settings().size()).putInt(s.settings().size());
                for (SpdyFrame.Setting e : s.settings()) b.putInt((e.flags() << 24) | (e.id() & 0xffffff)).putInt(e.value());
                yield b.array();
            }
            case SpdyFrame.Ping p -> control(6, 0, 4).putInt(p.id()).array();
            case SpdyFrame.GoAway g -> control(7, 0, 8).putInt(g.lastGoodStreamId() & 0x7fffffff).putInt(g.status()).array();
            case SpdyFrame.Headers h -> withBlock(8, h.flags(), h.streamId(), compress(h.headers()));
            case SpdyFrame.WindowUpdate w -> control(9, 0, 8).putInt(w.streamId() & 0x7fffffff)
                    .putInt(w.deltaWindowSize() & 0x7fffffff).array();
        };
    }

    private static byte[] withBlock(int type, int flags, int streamId, byte[] block) {
        return control(type, flags, 4 + block.length).putInt(streamId & 0x7fffffff).put(block).array();
    }

    /** A buffer holding the control frame header, with room for {@code length} bytes after it. */
    private static ByteBuffer control(int type, int flags, int length) {
        if (length > SpdyFrame.MAX_DATA_LENGTH) throw new IllegalArgumentException("control frame too long: " + length);
        ByteBuffer b = ByteBuffer.allocate(8 + length);
        b.putShort((short) (0x8000 | SpdyFrame.VERSION)).putShort((short) type).putInt((flags << 24) | length);
        return b;
    }

    private byte[] compress(Map<String, List<String>> headers) {
        deflater.setInput(SpdyHeaderBlock.encode(headers));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
            if (n < chunk.length && deflater.needsInput()) return out.toByteArray();
        }
    }
}
