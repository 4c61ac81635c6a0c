package io.j8s.store;

/** The revision asked for is gone (etcd's "mvcc: required revision has been compacted"). */
public class CompactedException extends StoreException {
    private final long compactRevision;

    public CompactedException(long compactRevision) {
        super("mvcc: required revision has been compacted (compact revision " + compactRevision + ")");
        this.compactRevision = compactRevision;
    }

    /** The revision the store was compacted at; the oldest revision still readable. */
    public long compactRevision() {
        return compactRevision;
    }
}
