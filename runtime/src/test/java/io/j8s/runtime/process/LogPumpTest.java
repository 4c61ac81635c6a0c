package io.j8s.runtime.process;

import io.j8s.runtime.logs.ContainerLogReader;
import io.j8s.runtime.logs.LogOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The log pumps against real FIFOs, with the test holding the container's ends. */
class LogPumpTest {
    @TempDir
    Path dir;

    /** The container's ends of its FIFOs, opened read-write as the monitor opens them. */
    private record ContainerEnds(FileChannel stdout, FileChannel stderr) implements AutoCloseable {
        static ContainerEnds open(Path dir) throws Exception {
            return new ContainerEnds(
                    FileChannel.open(dir.resolve("stdout"), StandardOpenOption.READ, StandardOpenOption.WRITE),
                    FileChannel.open(dir.resolve("stderr"), StandardOpenOption.READ, StandardOpenOption.WRITE));
        }

        void say(String text) throws Exception {
            stdout.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void close() throws Exception {
            stdout.close();
            stderr.close();
        }
    }

    @Test
    void anAdoptedContainerThatWritesAndExitsAtOnceLosesNothing() throws Exception {
        // A pipe that no process holds open drops what is in it. An adopting pump that opened its
        // FIFOs in its own thread, a moment late, lost the last words of a container that exited
        // right after the adoption. Many rounds, because a late thread is only sometimes late.
        for (int round = 0; round < 25; round++) {
            Path container = dir.resolve("c" + round);
            ContainerLauncher.prepare(container, false);
            Path log = container.resolve("0.log");
            var ends = ContainerEnds.open(container);

            LogPump pump = LogPump.adopt("0123456789abcdef" + round, container, log, Clock.systemUTC());
            ends.say("last words " + round + "\n");
            ends.close(); // the container exits

            pump.drain(10_000);
            pump.close();
            assertThat(ContainerLogReader.readAll(log, LogOptions.ALL)).isEqualTo("last words " + round + "\n");
        }
    }

    @Test
    void closingKeepsWhatThePumpHasNotReadInThePipeForTheNextPump() throws Exception {
        ContainerLauncher.prepare(dir, false);
        Path log = dir.resolve("0.log");
        try (var ends = ContainerEnds.open(dir)) {
            LogPump first = LogPump.beforeStart("0123456789abcdef", dir, log, Clock.systemUTC());
            first.started();
            ends.say("one\n");
            waitForLog(log, "one\n");
            first.close(); // the runtime stops; the container goes on

            ends.say("two\n");
            LogPump second = LogPump.adopt("0123456789abcdef", dir, log, Clock.systemUTC());
            ends.say("three\n");
            waitForLog(log, "one\ntwo\nthree\n");
            second.close();
        }
    }

    private static void waitForLog(Path log, String expected) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L; // a safety net, not a timing assertion
        while (!ContainerLogReader.readAll(log, LogOptions.ALL).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ContainerLogReader.readAll(log, LogOptions.ALL)).isEqualTo(expected);
    }
}
