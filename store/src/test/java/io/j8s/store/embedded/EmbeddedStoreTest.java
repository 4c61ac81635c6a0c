package io.j8s.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.store.InvalidRequestException;
import io.j8s.store.Op;
import io.j8s.store.RangeRequest;
import io.j8s.store.StoreException;
import io.j8s.store.Txn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the embedded engine; the shared semantics are in the contract suite. */
class EmbeddedStoreTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reopeningKeepsKeysRevisionsAndHistory() {
        long rev;
        try (EmbeddedStore s = EmbeddedStore.open(dir)) {
            s.put("/a", b("1"));
            s.put("/a", b("2"));
            rev = s.put("/b", b("3"));
            s.delete("/a");
        }
        try (EmbeddedStore s = EmbeddedStore.open(dir)) {
            assertThat(s.currentRevision()).isEqualTo(rev + 1);
            assertThat(s.get("/a")).isNull();
            assertThat(s.get("/b").valueAsString()).isEqualTo("3");
            assertThat(s.range(RangeRequest.key("/a").atRevision(rev)).kvs().get(0).version()).isEqualTo(2);
            assertThat(s.put("/c", b("4"))).isEqualTo(rev + 2);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        try (EmbeddedStore s = EmbeddedStore.open(dir)) {
            assertThatThrownBy(() -> EmbeddedStore.open(dir)).isInstanceOf(StoreException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void checkpointsTrimTheLogAndKeepEverything() throws IOException {
        EmbeddedStore.Options small = EmbeddedStore.Options.defaults(dir).withCheckpointBytes(8 << 10);
        long compactedAt;
        try (EmbeddedStore s = EmbeddedStore.open(small)) {
            for (int i = 0; i < 3000; i++) {
                s.put("/k/" + (i % 500), b("v" + i));
            }
            compactedAt = s.currentRevision() - 100;
            s.compact(compactedAt);
            for (int i = 0; i < 200; i++) {
                s.txn(Txn.of(List.of(), List.of(Op.put("/t/" + i, "x"), Op.delete("/k/" + i)), List.of()));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            long segments = files.filter(p -> p.getFileName().toString().startsWith("wal-")).count();
            assertThat(segments).as("old segments are removed once checkpointed").isLessThan(20);
        }
        try (EmbeddedStore s = EmbeddedStore.open(small)) {
            assertThat(s.compactRevision()).isEqualTo(compactedAt);
            assertThat(s.range(RangeRequest.prefix("/k/")).count()).isEqualTo(300);
            assertThat(s.range(RangeRequest.prefix("/t/")).count()).isEqualTo(200);
            assertThat(s.get("/k/499").valueAsString()).isEqualTo("v2999");
            assertThat(s.get("/k/499").version()).isEqualTo(6);
        }
    }

    @Test
    void aSnapshotRestoresIntoANewDirectory() throws IOException {
        Path file = dir.resolve("backup.snap");
        try (EmbeddedStore s = EmbeddedStore.open(dir.resolve("a")); OutputStream out = Files.newOutputStream(file)) {
            s.put("/x", b("1"));
            s.put("/y", b("2"));
            s.snapshot(out);
        }
        EmbeddedStore.restore(file, dir.resolve("b"));
        try (EmbeddedStore s = EmbeddedStore.open(dir.resolve("b"))) {
            assertThat(s.range(RangeRequest.prefix("/")).kvs()).extracting(kv -> kv.valueAsString()).containsExactly("1", "2");
            assertThat(s.currentRevision()).isEqualTo(3);
        }
    }

    @Test
    void restoreRefusesADamagedFileAndANonEmptyDirectory() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EmbeddedStore s = EmbeddedStore.open(dir.resolve("a"))) {
            s.put("/x", b("1"));
            s.snapshot(out);
        }
        byte[] bytes = out.toByteArray();
        bytes[bytes.length - 12] ^= 0x5a;
        Path damaged = Files.write(dir.resolve("damaged.snap"), bytes);
        assertThatThrownBy(() -> EmbeddedStore.restore(damaged, dir.resolve("b"))).isInstanceOf(StoreException.class);
        assertThat(dir.resolve("b")).doesNotExist();

        Path good = Files.write(dir.resolve("good.snap"), out.toByteArray());
        assertThatThrownBy(() -> EmbeddedStore.restore(good, dir.resolve("a"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not empty");
    }
}
