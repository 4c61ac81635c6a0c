package io.j8s.store.embedded;

import io.j8s.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: numbered segments {@code wal-NNNNNNNNNNNN.log} of length-prefixed,
 * checksummed records. Appends go to the newest segment; {@link #sync} makes everything
 * appended so far durable with one fsync (the group commit).
 *
 * <p>Segments grow in zero-filled chunks, as etcd preallocates its WAL: an fdatasync then
 * flushes only data, not the file size, which roughly halves the cost of a commit. A frame
 * length of 0 therefore marks the clean end of a segment.
 *
 * <p>Framing: {@code int length, int crc32c(payload), payload}. A record whose frame is cut
 * short or whose checksum does not match can only be the torn tail of the newest segment (the
 * process died mid-append): recovery drops it and everything after it. Anywhere else it is
 * corruption, and the store refuses to open rather than serve wrong data.
 *
 * <p>Not thread-safe: the committer thread owns it.
 */
final class Wal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Wal.class);
    static final int MAX_RECORD = 64 << 20;
    private static final int CHUNK = 8 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);

    private final Path dir;
    private final boolean fsync;
    private long segment;
    private FileChannel channel;
    private long segmentBytes;
    /** The file's length: zeros from segmentBytes to here. */
    private long allocated;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 20);

    private Wal(Path dir, boolean fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    static Path segmentPath(Path dir, long n) {
        return dir.resolve(String.format("wal-%012d.log", n));
    }

    static List<Long> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("wal-\\d{12}\\.log"))
                    .map(n -> Long.parseLong(n.substring(4, 16)))
                    .sorted().toList();
        }
    }

    /**
     * Replays every record of segments numbered {@code from} and above, in order, truncating a
     * torn tail of the newest one, then opens a fresh segment for appends.
     */
    static Wal recover(Path dir, long from, boolean fsync, Consumer<Record> replay) throws IOException {
        List<Long> all = segments(dir).stream().filter(n -> n >= from).toList();
        for (int i = 0; i < all.size(); i++) {
            replaySegment(segmentPath(dir, all.get(i)), i == all.size() - 1, replay);
        }
        Wal wal = new Wal(dir, fsync);
        wal.open(all.isEmpty() ? from : all.get(all.size() - 1) + 1);
        return wal;
    }

    private static void replaySegment(Path path, boolean newest, Consumer<Record> replay) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer header = ByteBuffer.allocate(8);
            while (pos < size) {
                String torn = null;
                header.clear();
                if (size - pos < 8) {
                    torn = "a cut-off frame header";
                } else {
                    ch.read(header, pos);
                    header.flip();
                    int length = header.getInt();
                    int crc = header.getInt();
                    if (length == 0 && crc == 0 && zeroFrom(ch, pos, size)) {
                        break; // the preallocated, never written rest of the segment
                    }
                    if (length <= 0 || length > MAX_RECORD || pos + 8 + length > size) {
                        torn = "a cut-off record";
                    } else {
                        ByteBuffer payload = ByteBuffer.allocate(length);
                        ch.read(payload, pos + 8);
                        payload.flip();
                        if (crc32c(payload.array(), 0, length) != crc) {
                            torn = "a record with a bad checksum";
                        } else {
                            replay.accept(Record.decode(payload));
                            pos += 8 + length;
                            continue;
                        }
                    }
                }
                if (!newest) {
                    throw new StoreException("write-ahead log " + path + " is corrupt at offset " + pos + ": " + torn);
                }
                log.warn("Write-ahead log {} ends in {} at offset {} (an interrupted write); dropping {} bytes",
                        path.getFileName(), torn, pos, size - pos);
                ch.truncate(pos);
                ch.force(true);
                return;
            }
        }
    }

    private static boolean zeroFrom(FileChannel ch, long pos, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 << 10);
        for (long p = pos; p < size; ) {
            b.clear();
            int n = ch.read(b, p);
            if (n <= 0) break;
            for (int i = 0; i < n; i++) {
                if (b.get(i) != 0) return false;
            }
            p += n;
        }
        return true;
    }

    private void open(long n) throws IOException {
        segment = n;
        channel = FileChannel.open(segmentPath(dir, n), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        segmentBytes = 0;
        allocated = 0;
        syncDirectory(dir);
    }

    /** Zero-fills the segment so that it reaches at least {@code end} bytes. */
    private void preallocate(long end) throws IOException {
        long target = Math.max(allocated + CHUNK, end);
        long pos = allocated;
        while (pos < target) {
            ByteBuffer z = ZEROS.duplicate();
            z.limit((int) Math.min(z.capacity(), target - pos));
            pos += channel.write(z, pos);
        }
        allocated = target;
    }

    /** Buffers a record; nothing is durable until {@link #sync}. */
    void append(Record record) {
        byte[] payload = record.encode();
        int need = 8 + payload.length;
        if (buffer.remaining() < need) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + need));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        buffer.putInt(payload.length).putInt(crc32c(payload, 0, payload.length)).put(payload);
    }

    /** Writes what was appended and forces it to disk. */
    void sync() throws IOException {
        buffer.flip();
        if (segmentBytes + buffer.remaining() > allocated) {
            preallocate(segmentBytes + buffer.remaining());
        }
        while (buffer.hasRemaining()) {
            segmentBytes += channel.write(buffer, segmentBytes);
        }
        buffer.clear();
        if (fsync) {
            channel.force(false);
        }
    }

    /** Starts a new segment; returns its number. Everything before it can be checkpointed. */
    long rotate() throws IOException {
        sync();
        channel.truncate(segmentBytes);
        channel.force(true);
        channel.close();
        open(segment + 1);
        return segment;
    }

    long segmentBytes() {
        return segmentBytes;
    }

    @Override
    public void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            sync();
            channel.truncate(segmentBytes);
            channel.force(true);
            channel.close();
        }
    }

    static int crc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the rename is still atomic there.
        }
    }
}
