package io.j8s.api.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;

class SpdyFramingTest {

    static final Map<String, List<String>> ERROR_STREAM = Map.of("streamtype", List.of("error"));

    /** Frames through a writer and back through a reader, as one connection carries them. */
    static List<SpdyFrame> roundTrip(List<SpdyFrame> frames) throws Exception {
        SpdyFrameWriter w = new SpdyFrameWriter();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (SpdyFrame f : frames) wire.writeBytes(w.encode(f));
        SpdyFrameReader r = new SpdyFrameReader(new ByteArrayInputStream(wire.toByteArray()));
        List<SpdyFrame> back = new java.util.ArrayList<>();
        for (SpdyFrame f; (f = r.read()) != null; ) back.add(f);
        return back;
    }

    @Test
    void everyFrameTypeSurvivesTheWire() throws Exception {
        List<SpdyFrame> frames = List.of(
                new SpdyFrame.SynStream(1, 0, 0, 0, ERROR_STREAM),
                new SpdyFrame.SynReply(1, 0, Map.of()),
                new SpdyFrame.SynStream(3, 0, 7, SpdyFrame.FLAG_FIN, Map.of("streamtype", List.of("stdin"), "x-multi", List.of("a", "", "b"))),
                new SpdyFrame.Data(3, 0, "echo hi\n".getBytes()),
                new SpdyFrame.Data(3, SpdyFrame.FLAG_FIN, new byte[0]),
                new SpdyFrame.RstStream(5, SpdyFrame.CANCEL),
                new SpdyFrame.Settings(0, List.of(new SpdyFrame.Setting(1, 7, 65536), new SpdyFrame.Setting(0, 4, 100))),
                new SpdyFrame.Ping(1),
                new SpdyFrame.Headers(1, 0, Map.of("status", List.of("200"))),
                new SpdyFrame.WindowUpdate(3, 1024),
                new SpdyFrame.GoAway(3, SpdyFrame.GOAWAY_OK));
        List<SpdyFrame> back = roundTrip(frames);
        assertThat(back).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) instanceof SpdyFrame.Data d) {
                SpdyFrame.Data got = (SpdyFrame.Data) back.get(i);
                assertThat(got.streamId()).isEqualTo(d.streamId());
                assertThat(got.flags()).isEqualTo(d.flags());
                assertThat(got.data()).isEqualTo(d.data());
            } else {
                assertThat(back.get(i)).isEqualTo(frames.get(i));
            }
        }
    }

    @Test
    void headerBlocksShareOneCompressionStream() throws Exception {
        SpdyFrameWriter w = new SpdyFrameWriter();
        byte[] first = w.encode(new SpdyFrame.SynStream(1, 0, 0, 0, ERROR_STREAM));
        byte[] again = w.encode(new SpdyFrame.SynStream(3, 0, 0, 0, ERROR_STREAM));
        // The second block refers back into the first: shorter, and only readable after it.
        assertThat(again.length).isLessThan(first.length);
        assertThatThrownBy(() -> new SpdyFrameReader(new ByteArrayInputStream(again)).read()).isInstanceOf(SpdyProtocolException.class);
    }

    @Test
    void controlFramesStartWithVersion3AndTheirType() {
        byte[] ping = new SpdyFrameWriter().encode(new SpdyFrame.Ping(2));
        assertThat(ping).containsExactly(0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 2);
        byte[] data = new SpdyFrameWriter().encode(new SpdyFrame.Data(1, SpdyFrame.FLAG_FIN, new byte[] {'x'}));
        assertThat(data).containsExactly(0, 0, 0, 1, 1, 0, 0, 1, 'x');
    }

    @Test
    void unknownControlFramesAreSkipped() throws Exception {
        byte[] unknown = {(byte) 0x80, 3, 0, 0x0a, 0, 0, 0, 2, 9, 9};
        byte[] ping = new SpdyFrameWriter().encode(new SpdyFrame.Ping(5));
        byte[] wire = new byte[unknown.length + ping.length];
        System.arraycopy(unknown, 0, wire, 0, unknown.length);
        System.arraycopy(ping, 0, wire, unknown.length, ping.length);
        assertThat(new SpdyFrameReader(new ByteArrayInputStream(wire)).read()).isEqualTo(new SpdyFrame.Ping(5));
    }

    @Test
    void truncatedFramesAndBadBlocksAreErrors() {
        byte[] ping = new SpdyFrameWriter().encode(new SpdyFrame.Ping(5));
        assertThatThrownBy(() -> new SpdyFrameReader(new ByteArrayInputStream(java.util.Arrays.copyOf(ping, 10))).read())
                .isInstanceOf(EOFException.class);
        byte[] rst = {(byte) 0x80, 3, 0, 3, 0, 0, 0, 4, 0, 0, 0, 1};
        assertThatThrownBy(() -> new SpdyFrameReader(new ByteArrayInputStream(rst)).read()).isInstanceOf(SpdyProtocolException.class);
        byte[] garbage = {(byte) 0x80, 3, 0, 2, 0, 0, 0, 8, 0, 0, 0, 1, 1, 2, 3, 4};
        assertThatThrownBy(() -> new SpdyFrameReader(new ByteArrayInputStream(garbage)).read()).isInstanceOf(SpdyProtocolException.class);
    }

    @Test
    void theDictionaryIsSpdy3s() {
        byte[] d = SpdyDictionary.bytes();
        assertThat(d).hasSize(1423);
        assertThat(new String(d, 0, 11, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("\0\0\0\u0007options");
        Adler32 a = new Adler32();
        a.update(d);
        assertThat(a.getValue()).isEqualTo(0xe3c6a7c2L);
    }
}
