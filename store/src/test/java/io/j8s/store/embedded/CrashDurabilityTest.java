package io.j8s.store.embedded;

import static io.j8s.store.embedded.CrashWriter.SUFFIXES;
import static io.j8s.store.embedded.CrashWriter.counterKey;
import static io.j8s.store.embedded.CrashWriter.groupPrefix;
import static io.j8s.store.embedded.CrashWriter.groupValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.j8s.store.KeyValue;
import io.j8s.store.Op;
import io.j8s.store.RangeRequest;
import io.j8s.store.Store;
import io.j8s.store.Txn;
import io.j8s.store.embedded.CrashWriter.Schedule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The durability promise of {@link EmbeddedStore}: a txn that returned survives the process
 * being killed (SIGKILL) at any moment, and no txn is ever half applied.
 *
 * <p>A child JVM ({@link CrashWriter}) writes from several threads and prints each
 * acknowledged op; this test kills it at a random moment, reopens the same directory in-process
 * and checks the store against its ledger of acknowledged ops. Each thread has at most one op
 * in flight when killed (the op after its last printed ack); that op may or may not have
 * committed, and is then adopted as whatever the store shows. Set {@code -Dcrash.seed=N} to
 * replay the kill delays of a failing run (the printed seed).
 *
 * <p>A kill leaves the page cache alone, so this proves ordering and recovery, not fsync; the
 * torn-tail test stands in for a write cut short by power loss.
 */
class CrashDurabilityTest {

    private static final int ROUNDS = 20;
    private static final int THREADS = 8;
    private static final long READY_TIMEOUT_SECONDS = 30;
    private static final String READY_LINE = CrashWriter.READY_LINE + "\n";

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void acknowledgedTxnsSurviveSigkillAndNoTxnIsEverHalfApplied() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = tmp.resolve("store");
        Ledger ledger = new Ledger();
        try (Store store = EmbeddedStore.open(CrashWriter.options(dir))) {
            for (int t = 0; t < THREADS; t++) {
                ledger.counterRevision[t] = store.put(counterKey(t), "0".getBytes(StandardCharsets.UTF_8));
            }
        }

        long totalAcks = 0;
        int roundsWithAcks = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String context = "seed " + seed + ", round " + round;
            long delay = 50 + random.nextInt(651);
            // Every fourth kill counts from the spawn instead, to land in start-up and recovery too.
            boolean fromSpawn = round % 4 == 3;
            List<Ack> acks = runAndKill(dir, round, delay, fromSpawn, context);
            ledger.apply(round, acks, context);
            totalAcks += acks.size();
            roundsWithAcks += acks.isEmpty() ? 0 : 1;

            long reopen = System.nanoTime();
            try (Store store = EmbeddedStore.open(CrashWriter.options(dir))) {
                System.out.printf("%s: killed %d ms after %s, %d acks, reopened in %d ms, files %s%n", context, delay,
                        fromSpawn ? "spawn" : "ready", acks.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reopen), files(dir));
                ledger.verifyAndAdoptInFlight(store, round, context);
                String probe = "/probe/" + round;
                long revision = store.put(probe, groupValue(round, -1, 0));
                assertThat(store.get(probe)).as(context + ": a write after recovery").isNotNull()
                        .extracting(KeyValue::modRevision).isEqualTo(revision);
                ledger.probes.put(probe, revision);
                ledger.maxRevision = Math.max(ledger.maxRevision, revision);
            }
        }
        // Guard against a vacuous pass: the kills must have landed while writes were flowing.
        assertThat(totalAcks).as("seed " + seed + ": acknowledged ops over all rounds").isGreaterThan(100);
        assertThat(roundsWithAcks).as("seed " + seed + ": rounds with acknowledged ops").isGreaterThanOrEqualTo(ROUNDS / 4);
    }

    /** How a test damages the last record of the newest log segment, given where its frame starts and ends. */
    record Damage(String name, TailDamage damage) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface TailDamage {
        void apply(FileChannel segment, long frameStart, long frameEnd) throws IOException;
    }

    static List<Damage> tornTails() {
        return List.of(
                new Damage("cut one byte short", (ch, start, end) -> ch.truncate(end - 1)),
                new Damage("cut in the middle of its payload", (ch, start, end) -> ch.truncate(start + 8 + (end - start - 8) / 2)),
                new Damage("cut inside its frame header", (ch, start, end) -> ch.truncate(start + 3)),
                new Damage("last byte garbled", (ch, start, end) -> {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    ch.read(b, end - 1);
                    ch.write(ByteBuffer.wrap(new byte[] {(byte) ~b.get(0)}), end - 1);
                }));
    }

    /**
     * A write the process did not finish (power cut mid-append) leaves the newest log segment
     * ending in part of a record: recovery drops that record, keeps every one before it, and the
     * repaired log opens cleanly again.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tornTails")
    void aTornTailIsDroppedAndEveryRecordBeforeItIsKept(Damage damage) throws IOException {
        Path dir = tmp.resolve("store");
        int txns = 20;
        List<Long> revisions = new ArrayList<>();
        try (Store store = EmbeddedStore.open(dir)) {
            for (int i = 0; i < txns; i++) {
                String prefix = groupPrefix(0, 0, i);
                byte[] value = groupValue(0, 0, i);
                List<Op> puts = SUFFIXES.stream().<Op>map(x -> Op.put(prefix + x, value)).toList();
                revisions.add(store.txn(Txn.of(List.of(), puts, List.of())).revision());
            }
        }
        Path newest = newestSegment(dir);
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long[] last = lastFrame(ch);
            damage.damage().apply(ch, last[0], last[1]);
        }

        long lastKept = revisions.get(txns - 2);
        try (Store store = EmbeddedStore.open(dir)) {
            Map<String, Long> groups = Ledger.scanGroups(store, damage.name());
            for (int i = 0; i < txns - 1; i++) {
                assertThat(groups).as("txn %d before the torn record", i).containsEntry(groupPrefix(0, 0, i), revisions.get(i));
            }
            assertThat(groups).as("the torn txn").doesNotContainKey(groupPrefix(0, 0, txns - 1)).hasSize(txns - 1);
            assertThat(store.currentRevision()).isEqualTo(lastKept);
            assertThat(store.put("/after-repair", new byte[] {1})).isEqualTo(lastKept + 1);
        }
        try (Store store = EmbeddedStore.open(dir)) {
            assertThat(store.get("/after-repair")).as("a write after the repair, after another restart").isNotNull();
            assertThat(Ledger.scanGroups(store, damage.name())).hasSize(txns - 1);
            assertThat(store.currentRevision()).isEqualTo(lastKept + 1);
        }
    }

    /** The highest-numbered write-ahead log segment ({@code wal-NNNNNNNNNNNN.log}, see {@link Wal}). */
    private static Path newestSegment(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            Path newest = list.filter(p -> p.getFileName().toString().matches("wal-\\d{12}\\.log"))
                    .max(Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
            assertThat(Files.size(newest)).as("the newest segment %s after a clean close", newest).isPositive();
            return newest;
        }
    }

    /** Start and end offsets of the last frame ({@code int length, int crc, payload}) of a cleanly closed segment. */
    private static long[] lastFrame(FileChannel ch) throws IOException {
        long pos = 0;
        long start = -1;
        ByteBuffer header = ByteBuffer.allocate(8);
        while (pos < ch.size()) {
            header.clear();
            ch.read(header, pos);
            int length = header.getInt(0);
            assertThat(length).as("frame length at %d", pos).isPositive();
            start = pos;
            pos += 8 + length;
        }
        assertThat(pos).as("frames end at the end of the file").isEqualTo(ch.size());
        return new long[] {start, pos};
    }

    private static List<String> files(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName() + ":" + p.toFile().length()).sorted().toList();
        }
    }

    /** One acknowledged op, as printed by the child. */
    record Ack(int round, int thread, long op, long revision) {}

    /**
     * Starts a writer on {@code dir}, kills it {@code delayMillis} after it is ready (or after
     * it was spawned), returns its acks.
     */
    private List<Ack> runAndKill(Path dir, int round, long delayMillis, boolean fromSpawn, String context) throws Exception {
        // Output goes to files, not pipes: once the child is dead, a file holds every byte it
        // wrote, whereas draining a dead child's pipe races with the JDK's own cleanup of it.
        Path stdout = tmp.resolve("child-" + round + ".out");
        Path stderr = tmp.resolve("child-" + round + ".err");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                dir.toString(), Integer.toString(round), Integer.toString(THREADS))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            if (!fromSpawn) {
                awaitReady(child, stdout, stderr, context);
            }
            // The kill moment is random on purpose; nothing is being waited for here.
            Thread.sleep(delayMillis);
            if (!child.isAlive()) {
                fail(context + ": writer exited by itself with " + child.exitValue() + "; stderr:\n" + Files.readString(stderr));
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        return parseAcks(Files.readAllLines(stdout, StandardCharsets.UTF_8));
    }

    private static void awaitReady(Process child, Path stdout, Path stderr, String context) throws IOException {
        byte[] ready = READY_LINE.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (true) {
            try (InputStream in = Files.newInputStream(stdout)) {
                if (Arrays.equals(in.readNBytes(ready.length), ready)) {
                    return;
                }
            }
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail(context + ": writer not ready; stderr:\n" + Files.readString(stderr));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static List<Ack> parseAcks(List<String> lines) {
        List<Ack> acks = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            // A line cut short by the kill lacks its trailing dot and is ignored, as the child
            // had not finished saying it.
            if (f.length == 6 && f[0].equals("ack") && f[5].equals(".")) {
                acks.add(new Ack(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
            }
        }
        return acks;
    }

    /**
     * What the store must hold: every acknowledged op, applied in each thread's order, and
     * nothing else except each thread's one op in flight at the kill.
     */
    static final class Ledger {
        /** Group prefix of each live (created, not deleted) group → the revision that created it. */
        final Map<String, Long> liveGroups = new HashMap<>();
        final Set<String> deletedGroups = new HashSet<>();
        final long[] counter = new long[THREADS];
        final long[] counterRevision = new long[THREADS];
        final Map<String, Long> probes = new HashMap<>();
        long maxRevision;
        /** Of the current round, per thread: the last acknowledged op, -1 for none. */
        final long[] lastAcked = new long[THREADS];

        void apply(int round, List<Ack> acks, String context) {
            Arrays.fill(lastAcked, -1);
            for (Ack a : acks) {
                assertThat(a.round()).as(context + ": round of " + a).isEqualTo(round);
                // Each thread prints its acks in op order, one op after the other.
                assertThat(a.op()).as(context + ": ops of thread " + a.thread() + " are acked in order").isEqualTo(lastAcked[a.thread()] + 1);
                lastAcked[a.thread()] = a.op();
                maxRevision = Math.max(maxRevision, a.revision());
                switch (Schedule.of(a.op())) {
                    case PUT -> liveGroups.put(groupPrefix(round, a.thread(), a.op()), a.revision());
                    case CAS -> {
                        counter[a.thread()]++;
                        counterRevision[a.thread()] = a.revision();
                    }
                    case DELETE -> {
                        String prefix = groupPrefix(round, a.thread(), Schedule.deletedOp(a.op()));
                        assertThat(liveGroups.remove(prefix)).as(context + ": deleted group " + prefix + " was acked").isNotNull();
                        deletedGroups.add(prefix);
                    }
                }
            }
        }

        void verifyAndAdoptInFlight(Store store, int round, String context) {
            Map<String, Long> present = scanGroups(store, context);
            assertThat(store.currentRevision()).as(context + ": revision after recovery").isGreaterThanOrEqualTo(maxRevision);

            // The op each thread may have had in flight: committed or not, both are fine.
            Map<String, Integer> inFlightPut = new HashMap<>();
            Map<String, Integer> inFlightDelete = new HashMap<>();
            for (int t = 0; t < THREADS; t++) {
                long op = lastAcked[t] + 1;
                switch (Schedule.of(op)) {
                    case PUT -> inFlightPut.put(groupPrefix(round, t, op), t);
                    case DELETE -> inFlightDelete.put(groupPrefix(round, t, Schedule.deletedOp(op)), t);
                    case CAS -> { }
                }
            }

            for (Map.Entry<String, Long> g : liveGroups.entrySet()) {
                Long revision = present.get(g.getKey());
                if (revision == null) {
                    assertThat(inFlightDelete).as(context + ": acknowledged txn at revision " + g.getValue()
                            + " lost: group " + g.getKey() + " is missing").containsKey(g.getKey());
                } else {
                    assertThat(revision).as(context + ": revision of group " + g.getKey()).isEqualTo(g.getValue());
                }
            }
            for (String g : deletedGroups) {
                assertThat(present).as(context + ": acknowledged delete of " + g + " undone").doesNotContainKey(g);
            }
            for (Map.Entry<String, Long> g : present.entrySet()) {
                if (!liveGroups.containsKey(g.getKey())) {
                    assertThat(inFlightPut).as(context + ": group " + g.getKey() + " was never acknowledged nor in flight; last acked ops by thread "
                            + Arrays.toString(lastAcked))
                            .containsKey(g.getKey());
                }
            }
            for (String p : probes.keySet()) {
                assertThat(store.get(p)).as(context + ": probe " + p + " written before a clean close").isNotNull()
                        .extracting(KeyValue::modRevision).isEqualTo(probes.get(p));
            }
            verifyCounters(store, round, context);

            // Adopt what the in-flight ops did, so the next round starts from an exact ledger.
            inFlightPut.keySet().stream().filter(present::containsKey).forEach(g -> {
                liveGroups.put(g, present.get(g));
                maxRevision = Math.max(maxRevision, present.get(g));
            });
            inFlightDelete.keySet().stream().filter(g -> !present.containsKey(g)).forEach(g -> {
                liveGroups.remove(g);
                deletedGroups.add(g);
            });
        }

        private void verifyCounters(Store store, int round, String context) {
            for (int t = 0; t < THREADS; t++) {
                KeyValue kv = store.get(counterKey(t));
                assertThat(kv).as(context + ": counter " + t).isNotNull();
                long value = Long.parseLong(kv.valueAsString());
                boolean casInFlight = Schedule.of(lastAcked[t] + 1) == Schedule.CAS;
                if (value == counter[t]) {
                    assertThat(kv.modRevision()).as(context + ": revision of counter " + t).isEqualTo(counterRevision[t]);
                } else if (value == counter[t] + 1 && casInFlight) {
                    counter[t] = value;
                    counterRevision[t] = kv.modRevision();
                    maxRevision = Math.max(maxRevision, kv.modRevision());
                } else {
                    fail(context + ": counter " + t + " is " + value + " but " + counter[t]
                            + " was acknowledged" + (casInFlight ? " (and one more in flight)" : ""));
                }
            }
        }

        /** Every group in the store → its revision, checking that each is whole: a, b, c from one txn. */
        static Map<String, Long> scanGroups(Store store, String context) {
            Map<String, List<KeyValue>> byGroup = new TreeMap<>();
            for (KeyValue kv : store.range(RangeRequest.prefix("/t/")).kvs()) {
                String prefix = kv.key().substring(0, kv.key().lastIndexOf('/') + 1);
                byGroup.computeIfAbsent(prefix, k -> new ArrayList<>()).add(kv);
            }
            Map<String, Long> revisions = new HashMap<>();
            for (Map.Entry<String, List<KeyValue>> g : byGroup.entrySet()) {
                List<KeyValue> kvs = g.getValue();
                assertThat(kvs).as(context + ": txn " + g.getKey() + " half applied").extracting(kv -> kv.key().substring(g.getKey().length()))
                        .containsExactlyElementsOf(SUFFIXES);
                String[] parts = g.getKey().split("/");
                byte[] value = groupValue(Integer.parseInt(parts[2]), Integer.parseInt(parts[3]), Long.parseLong(parts[4]));
                long revision = kvs.get(0).modRevision();
                for (KeyValue kv : kvs) {
                    assertThat(kv.value()).as(context + ": value of " + kv.key()).isEqualTo(value);
                    assertThat(kv.modRevision()).as(context + ": revision of " + kv.key()).isEqualTo(revision);
                    assertThat(kv.createRevision()).as(context + ": create revision of " + kv.key()).isEqualTo(revision);
                    assertThat(kv.version()).as(context + ": version of " + kv.key()).isEqualTo(1);
                }
                revisions.put(g.getKey(), revision);
            }
            return revisions;
        }
    }
}
