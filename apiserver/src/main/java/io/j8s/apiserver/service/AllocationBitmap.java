package io.j8s.apiserver.service;

import java.io.ByteArrayOutputStream;
import java.util.BitSet;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Upstream's {@code allocator.AllocationBitmap} with the {@code randomScanStrategyWithOffset}:
 * {@code size} items, of which the first {@code offset} are kept for static requests: a dynamic
 * allocation takes a random free item of {@code [offset, size)} and falls back to the lower block
 * only when the upper one is full. Not thread-safe: {@link StoredRange} guards it.
 */
final class AllocationBitmap {

    private final int size;
    private final int offset;
    private final BitSet bits;
    private int count;

    AllocationBitmap(int size, int offset) {
        this(size, offset, new BitSet(size), 0);
    }

    private AllocationBitmap(int size, int offset, BitSet bits, int count) {
        if (offset < 0 || offset > size) throw new IllegalArgumentException("offset " + offset + " outside 0.." + size);
        this.size = size;
        this.offset = offset;
        this.bits = bits;
        this.count = count;
    }

    AllocationBitmap copy() {
        return new AllocationBitmap(size, offset, (BitSet) bits.clone(), count);
    }

    int size() {
        return size;
    }

    int offset() {
        return offset;
    }

    int free() {
        return size - count;
    }

    boolean has(int i) {
        return i >= 0 && i < size && bits.get(i);
    }

    /** Takes item {@code i}; false if it was taken already. */
    boolean allocate(int i) {
        if (i < 0 || i >= size) throw new IllegalArgumentException(i + " outside 0.." + (size - 1));
        if (bits.get(i)) return false;
        bits.set(i);
        count++;
        return true;
    }

    /** A random free item, upper block first; empty when full. Does not take it. */
    OptionalInt next(RandomGenerator random) {
        if (count >= size) return OptionalInt.empty();
        OptionalInt upper = scan(offset, size - offset, random);
        return upper.isPresent() ? upper : scan(0, offset, random);
    }

    private OptionalInt scan(int from, int length, RandomGenerator random) {
        if (length <= 0) return OptionalInt.empty();
        int start = random.nextInt(length);
        // From a random start to the end of the block, then from the block's start.
        int at = bits.nextClearBit(from + start);
        if (at < from + length) return OptionalInt.of(at);
        at = bits.nextClearBit(from);
        return at < from + start ? OptionalInt.of(at) : OptionalInt.empty();
    }

    void release(int i) {
        if (i < 0 || i >= size || !bits.get(i)) return;
        bits.clear(i);
        count--;
    }

    /** The same items taken (sizes and blocks aside). */
    boolean sameItems(AllocationBitmap other) {
        return bits.equals(other.bits);
    }

    void forEach(IntConsumer each) {
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) each.accept(i);
    }

    /**
     * The stored form: the bitmap (bit i is item i, little-endian bytes), deflated. Upstream keeps
     * the raw bitmap; a /12 is 128 KiB raw and a few KiB deflated, and every allocation writes it.
     */
    byte[] snapshot() {
        byte[] raw = bits.toByteArray();
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 16));
            byte[] buf = new byte[8192];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** A bitmap of {@code size} items from {@link #snapshot()}; items past {@code size} are dropped. */
    static AllocationBitmap restore(int size, int offset, byte[] data) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(size / 8 + 1);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                out.write(buf, 0, n);
            }
            BitSet bits = BitSet.valueOf(out.toByteArray());
            if (bits.length() > size) bits.clear(size, bits.length());
            return new AllocationBitmap(size, offset, bits, bits.cardinality());
        } catch (DataFormatException e) {
            throw new IllegalStateException("stored allocation bitmap is corrupt: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }
}
