package io.j8s.runtime.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CriLogTest {
    @TempDir
    Path dir;

    /** A clock that moves one second per reading, from 2016-10-06T00:17:09.669794202Z. */
    static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2016-10-06T00:17:09.669794202Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            Instant t = now;
            now = now.plusSeconds(1);
            return t;
        }
    }

    private Path write(String stdout, String stderr) throws Exception {
        Path log = dir.resolve("c/0.log");
        try (var w = new CriLogWriter(log, new TickingClock())) {
            w.pump(new ByteArrayInputStream(stdout.getBytes(StandardCharsets.UTF_8)), io.j8s.runtime.logs.Stream.STDOUT);
            w.pump(new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), io.j8s.runtime.logs.Stream.STDERR);
        }
        return log;
    }

    @Test
    void linesAreWrittenInTheCriFormat() throws Exception {
        Path log = write("hello\nworld\n", "oops\nlast words");

        assertThat(Files.readAllLines(log)).containsExactly(
                "2016-10-06T00:17:09.669794202Z stdout F hello",
                "2016-10-06T00:17:10.669794202Z stdout F world",
                "2016-10-06T00:17:11.669794202Z stderr F oops",
                "2016-10-06T00:17:12.669794202Z stderr F last words");
    }

    @Test
    void aPumpStoppedInMidLineWritesWhatItReadAsAPartialEntryThatTheNextPumpCompletes() throws Exception {
        Path log = dir.resolve("c/0.log");
        // The first runtime instance reads "first\nsec" and is stopped (its FIFO end closed); the
        // next one pumps the rest of the pipe.
        java.io.InputStream stopped = new java.io.InputStream() {
            private final ByteArrayInputStream data = new ByteArrayInputStream("first\nsec".getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = data.read(b, off, len);
                if (n <= 0) throw new java.nio.channels.AsynchronousCloseException();
                return n;
            }
        };
        try (var w = new CriLogWriter(log, new TickingClock())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.pump(stopped, io.j8s.runtime.logs.Stream.STDOUT))
                    .isInstanceOf(java.nio.channels.AsynchronousCloseException.class);
        }
        try (var w = new CriLogWriter(log, new TickingClock())) {
            w.pump(new ByteArrayInputStream("ond\nthird\n".getBytes(StandardCharsets.UTF_8)), io.j8s.runtime.logs.Stream.STDOUT);
        }

        assertThat(Files.readAllLines(log)).extracting(l -> l.substring(l.indexOf(' ') + 1))
                .containsExactly("stdout F first", "stdout P sec", "stdout F ond", "stdout F third");
        assertThat(ContainerLogReader.readAll(log, LogOptions.ALL)).isEqualTo("first\nsecond\nthird\n");
    }

    @Test
    void aLongLineIsSplitIntoPartialEntriesAndJoinedAgainWhenRead() throws Exception {
        String longLine = "x".repeat(CriLogWriter.MAX_LINE * 2 + 10);
        Path log = write(longLine + "\nshort\n", "");

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains(" stdout P ");
        assertThat(lines.get(1)).contains(" stdout P ");
        assertThat(lines.get(2)).contains(" stdout F ");
        assertThat(ContainerLogReader.readAll(log, LogOptions.ALL)).isEqualTo(longLine + "\nshort\n");
        assertThat(ContainerLogReader.readAll(log, new LogOptions(false, 1, null, false, -1))).isEqualTo("short\n");
        assertThat(ContainerLogReader.readAll(log, new LogOptions(false, 2, null, false, -1)))
                .isEqualTo(longLine + "\nshort\n");
    }

    record Case(String name, LogOptions options, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> options() {
        return Stream.of(
                new Case("all", LogOptions.ALL, "one\ntwo\nthree\nerr\n"),
                new Case("tail 2", new LogOptions(false, 2, null, false, -1), "three\nerr\n"),
                new Case("tail 0", new LogOptions(false, 0, null, false, -1), ""),
                new Case("tail more than there is", new LogOptions(false, 10, null, false, -1), "one\ntwo\nthree\nerr\n"),
                new Case("since the third second", new LogOptions(false, -1,
                        Instant.parse("2016-10-06T00:17:11Z"), false, -1), "three\nerr\n"),
                new Case("timestamps", new LogOptions(false, 1, null, true, -1),
                        "2016-10-06T00:17:12.669794202Z err\n"),
                new Case("limit bytes", new LogOptions(false, -1, null, false, 6), "one\ntw"));
    }

    @ParameterizedTest
    @MethodSource("options")
    void readerAppliesKubectlLogsOptions(Case c) throws Exception {
        Path log = write("one\ntwo\nthree\n", "err\n");

        assertThat(ContainerLogReader.readAll(log, c.options())).isEqualTo(c.want());
    }

    @Test
    void readerSplitsStreams() throws Exception {
        Path log = write("out\n", "err\n");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        new ContainerLogReader().read(log, LogOptions.ALL, out, err, () -> false);

        assertThat(out.toString()).isEqualTo("out\n");
        assertThat(err.toString()).isEqualTo("err\n");
    }

    @Test
    void followingStreamsNewEntriesUntilTheContainerStops() throws Exception {
        Path log = dir.resolve("f.log");
        var running = new AtomicBoolean(true);
        var out = new ByteArrayOutputStream();
        var failure = new AtomicReference<Throwable>();
        try (var w = new CriLogWriter(log, new TickingClock())) {
            w.entry(io.j8s.runtime.logs.Stream.STDOUT, false, "first".getBytes(), 0, 5);
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    new ContainerLogReader(Duration.ofMillis(5)).read(log, LogOptions.ALL.withFollow(true), out, out, running::get);
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            awaitContent(out, "first\n");
            w.entry(io.j8s.runtime.logs.Stream.STDOUT, false, "second".getBytes(), 0, 6);
            awaitContent(out, "first\nsecond\n");
            running.set(false);
            reader.join(Duration.ofSeconds(10));
            assertThat(reader.isAlive()).isFalse();
        }
        assertThat(failure.get()).isNull();
    }

    private static void awaitContent(ByteArrayOutputStream out, String want) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString().equals(want) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(out.toString()).isEqualTo(want);
    }

    @Test
    void malformedLinesAreSkipped() throws Exception {
        Path log = dir.resolve("m.log");
        Files.writeString(log, "garbage\n2016-10-06T00:17:09.669794202Z stdout F fine\n2016-10-06T00:17:09Z stdout X bad tag\n");

        assertThat(ContainerLogReader.readAll(log, LogOptions.ALL)).isEqualTo("fine\n");
        assertThat(ContainerLogReader.readAll(dir.resolve("missing.log"), LogOptions.ALL)).isEmpty();
    }
}
