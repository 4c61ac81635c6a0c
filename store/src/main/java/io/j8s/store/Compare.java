package io.j8s.store;

/**
 * One guard of a {@link Txn}, on a single key, as etcd's Compare. An absent key compares as
 * {@code createRevision == modRevision == version == 0} and lease 0.
 */
public record Compare(String key, Target target, Op op, long value) {

    public enum Target { VERSION, CREATE_REVISION, MOD_REVISION, LEASE }

    public enum Op { EQUAL, NOT_EQUAL, LESS, GREATER }

    public static Compare absent(String key) {
        return new Compare(key, Target.CREATE_REVISION, Op.EQUAL, 0);
    }

    public static Compare exists(String key) {
        return new Compare(key, Target.CREATE_REVISION, Op.GREATER, 0);
    }

    public static Compare modRevision(String key, Op op, long revision) {
        return new Compare(key, Target.MOD_REVISION, op, revision);
    }

    public static Compare version(String key, Op op, long version) {
        return new Compare(key, Target.VERSION, op, version);
    }

    /** Whether this compare holds for {@code kv} (null for an absent key). */
    public boolean holds(KeyValue kv) {
        long actual = kv == null ? 0 : switch (target) {
            case VERSION -> kv.version();
            case CREATE_REVISION -> kv.createRevision();
            case MOD_REVISION -> kv.modRevision();
            case LEASE -> kv.lease();
        };
        int c = Long.compare(actual, value);
        return switch (op) {
            case EQUAL -> c == 0;
            case NOT_EQUAL -> c != 0;
            case LESS -> c < 0;
            case GREATER -> c > 0;
        };
    }
}
