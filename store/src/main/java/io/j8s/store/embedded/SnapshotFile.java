package io.j8s.store.embedded;

import io.j8s.store.StoreException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The embedded store's snapshot format, used both for checkpoints in the data directory
 * ({@code snap-NNNNNNNNNNNN.snap}: the state before WAL segment N) and for
 * {@link io.j8s.store.Store#snapshot} files. A stream of: magic, revision, compact revision,
 * leases, then every key with its retained versions, an end marker and a CRC32C of all of it.
 */
final class SnapshotFile {

    private static final long MAGIC = 0x4a3853534e415031L; // "J8SSNAP1"
    private static final int END = -1;

    /** What a snapshot holds. */
    record State(long revision, long compactRevision, Map<Long, Long> leases) {}

    private SnapshotFile() {}

    static Path checkpointPath(Path dir, long segment) {
        return dir.resolve(String.format("snap-%012d.snap", segment));
    }

    static void write(OutputStream sink, State state, Mvcc mvcc) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(sink, 1 << 16), new CRC32C());
        DataOutputStream out = new DataOutputStream(checked);
        out.writeLong(MAGIC);
        out.writeLong(state.revision());
        out.writeLong(state.compactRevision());
        out.writeInt(state.leases().size());
        for (Map.Entry<Long, Long> l : state.leases().entrySet()) {
            out.writeLong(l.getKey());
            out.writeLong(l.getValue());
        }
        IOException[] failure = new IOException[1];
        mvcc.forEach(state.revision(), (key, versions) -> {
            if (failure[0] != null) return;
            try {
                out.writeInt(versions.size());
                Record.writeString(out, key);
                for (Version v : versions) {
                    out.writeLong(v.revision());
                    out.writeInt(v.sub());
                    out.writeLong(v.createRevision());
                    out.writeLong(v.version());
                    out.writeLong(v.lease());
                    out.writeBoolean(v.tombstone());
                    out.writeInt(v.value().length);
                    out.write(v.value());
                }
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) throw failure[0];
        out.writeInt(END);
        out.flush();
        long crc = checked.getChecksum().getValue();
        out.writeLong(crc);
        out.flush();
    }

    /** Writes a checkpoint atomically: a temporary file, fsync, rename, fsync of the directory. */
    static void writeCheckpoint(Path dir, long segment, State state, Mvcc mvcc) throws IOException {
        Path tmp = dir.resolve("snap.tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            write(java.nio.channels.Channels.newOutputStream(ch), state, mvcc);
            ch.force(true);
        }
        Files.move(tmp, checkpointPath(dir, segment), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Wal.syncDirectory(dir);
    }

    /** Reads a snapshot into {@code mvcc}; refuses a file that is not whole. */
    static State read(InputStream source, Mvcc mvcc) throws IOException {
        CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(source, 1 << 16), new CRC32C());
        DataInputStream in = new DataInputStream(checked);
        try {
            if (in.readLong() != MAGIC) {
                throw new StoreException("not a j8s embedded store snapshot");
            }
            long revision = in.readLong();
            long compactRevision = in.readLong();
            int leaseCount = checkedLength(in.readInt());
            Map<Long, Long> leases = new java.util.LinkedHashMap<>();
            for (int i = 0; i < leaseCount; i++) {
                leases.put(in.readLong(), in.readLong());
            }
            for (int n = in.readInt(); n != END; n = in.readInt()) {
                checkedLength(n);
                String key = new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
                List<Version> versions = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long rev = in.readLong();
                    int sub = in.readInt();
                    long create = in.readLong();
                    long version = in.readLong();
                    long lease = in.readLong();
                    boolean tombstone = in.readBoolean();
                    byte[] value = readBytes(in);
                    versions.add(new Version(rev, sub, value, create, version, lease, tombstone));
                }
                mvcc.load(key, versions);
            }
            long expected = checked.getChecksum().getValue();
            long stored = in.readLong();
            if (stored != expected) {
                throw new StoreException("snapshot checksum mismatch: the file is damaged");
            }
            return new State(revision, compactRevision, leases);
        } catch (EOFException e) {
            throw new StoreException("snapshot is truncated or damaged", e);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[checkedLength(in.readInt())];
        in.readFully(b);
        return b;
    }

    /** A length read from the file, refused when no real snapshot could hold it. */
    private static int checkedLength(int n) {
        if (n < 0 || n > Wal.MAX_RECORD) {
            throw new StoreException("snapshot is damaged (impossible length " + n + ")");
        }
        return n;
    }
}
