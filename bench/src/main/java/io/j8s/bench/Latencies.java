package io.j8s.bench;

/**
 * A latency histogram in nanoseconds with log-linear buckets: 128 per power of two, so a
 * percentile is off by under 0.8%. Fixed 64 KiB per client whatever the op count, where
 * keeping every sample would take hundreds of MB for millions of fast reads. Not thread-safe:
 * one per client, merged after the run.
 */
final class Latencies {

    private static final int SUB_BITS = 7;
    private static final int SUB_COUNT = 1 << SUB_BITS;

    private final long[] counts = new long[64 * SUB_COUNT];
    private long total;

    void record(long nanos) {
        counts[index(Math.max(0, nanos))]++;
        total++;
    }

    void add(Latencies other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    long count() {
        return total;
    }

    /** The value at quantile {@code q} (0 < q ≤ 1), as the middle of its bucket; 0 when empty. */
    long percentile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (lowerBound(i) + lowerBound(i + 1) - 1) / 2;
            }
        }
        throw new AssertionError("rank " + rank + " beyond " + total);
    }

    /** Values below 128 get a bucket each; above, bucket = (power of two, top 7 bits below it). */
    static int index(long v) {
        if (v < SUB_COUNT) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        int sub = (int) (v >>> shift) & (SUB_COUNT - 1);
        return ((shift + 1) << SUB_BITS) + sub;
    }

    static long lowerBound(int index) {
        int bucket = index >>> SUB_BITS;
        int sub = index & (SUB_COUNT - 1);
        if (bucket == 0) {
            return sub;
        }
        return ((long) (sub | SUB_COUNT)) << (bucket - 1);
    }
}
