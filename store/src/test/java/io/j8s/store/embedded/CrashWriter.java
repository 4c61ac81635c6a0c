package io.j8s.store.embedded;

import io.j8s.store.Compare;
import io.j8s.store.KeyValue;
import io.j8s.store.Op;
import io.j8s.store.Store;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashDurabilityTest}: writes to an {@link EmbeddedStore} from
 * several threads until it is killed, and prints one line per acknowledged operation.
 *
 * <p>Usage: {@code CrashWriter <dir> <round> <threads>}. Prints {@code ready .} once the store is
 * open, then {@code ack <round> <thread> <op> <revision> .} after each txn returns. The trailing
 * dot lets the parent tell a whole line from one cut short by the kill.
 *
 * <p>Each thread runs a fixed schedule (see {@link Schedule}) so the parent can tell from the op
 * number alone what an op did. A txn whose compare fails means the store lost or invented state:
 * the child then exits with status 2, which the parent reports.
 */
public final class CrashWriter {

    /** What op {@code i} of a thread does: shared by parent and child so acks need no detail. */
    enum Schedule {
        /** Creates the fresh keys {@code <group>/a, b, c} with one value, in one txn. */
        PUT,
        /** Compare-and-swap increments the thread's counter key. */
        CAS,
        /** Deletes the group written by op {@code i - 3} (always a PUT), in one txn. */
        DELETE;

        static Schedule of(long op) {
            int slot = (int) (op % 8);
            return slot <= 5 ? PUT : slot == 6 ? CAS : DELETE;
        }

        static long deletedOp(long op) {
            return op - 3;
        }
    }

    static final String READY_LINE = "ready .";

    static final List<String> SUFFIXES = List.of("a", "b", "c");

    static String groupPrefix(int round, int thread, long op) {
        return "/t/" + round + "/" + thread + "/" + op + "/";
    }

    static byte[] groupValue(int round, int thread, long op) {
        return (round + "/" + thread + "/" + op).getBytes(StandardCharsets.UTF_8);
    }

    static String counterKey(int thread) {
        return "/c/" + thread;
    }

    /**
     * A small checkpoint threshold, so that kills also land while the log rotates, a checkpoint
     * is written, and old segments are deleted: recovery must cope with each half-done.
     */
    static EmbeddedStore.Options options(Path dir) {
        return EmbeddedStore.Options.defaults(dir).withCheckpointBytes(256 << 10);
    }

    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        // Buffered and flushed per line, so each line reaches the pipe in one write.
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 12), false, StandardCharsets.UTF_8);
        Store store = EmbeddedStore.open(options(dir));
        out.println(READY_LINE);
        out.flush();

        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().name("writer-" + t).start(() -> {
                try {
                    write(store, round, thread, out);
                } catch (Throwable e) {
                    System.err.println("writer " + thread + " failed: " + e);
                    e.printStackTrace();
                    System.exit(2);
                }
            }));
        }
        for (Thread w : writers) {
            w.join();
        }
    }

    private static void write(Store store, int round, int thread, PrintStream out) {
        KeyValue counter = store.get(counterKey(thread));
        if (counter == null) {
            throw new IllegalStateException("counter " + counterKey(thread) + " is missing");
        }
        long count = Long.parseLong(counter.valueAsString());
        long counterRevision = counter.modRevision();
        for (long op = 0; ; op++) {
            TxnResult r = switch (Schedule.of(op)) {
                case PUT -> {
                    String prefix = groupPrefix(round, thread, op);
                    byte[] value = groupValue(round, thread, op);
                    List<Op> puts = SUFFIXES.stream().<Op>map(s -> Op.put(prefix + s, value)).toList();
                    yield store.txn(Txn.of(List.of(Compare.absent(prefix + "a")), puts, List.of()));
                }
                case CAS -> {
                    byte[] next = Long.toString(count + 1).getBytes(StandardCharsets.UTF_8);
                    yield store.txn(Txn.update(counterKey(thread), counterRevision, next, 0));
                }
                case DELETE -> {
                    String prefix = groupPrefix(round, thread, Schedule.deletedOp(op));
                    List<Op> deletes = SUFFIXES.stream().<Op>map(s -> Op.delete(prefix + s)).toList();
                    yield store.txn(Txn.of(List.of(Compare.exists(prefix + "a")), deletes, List.of()));
                }
            };
            if (!r.succeeded()) {
                throw new IllegalStateException("op " + op + " (" + Schedule.of(op) + ") of thread " + thread
                        + ": compare failed at revision " + r.revision() + ", results " + r.results());
            }
            if (Schedule.of(op) == Schedule.CAS) {
                count++;
                counterRevision = r.revision();
            }
            // Printed only after txn() returned: a line is the promise the parent checks.
            synchronized (out) {
                out.println("ack " + round + " " + thread + " " + op + " " + r.revision() + " .");
                out.flush();
            }
        }
    }
}
