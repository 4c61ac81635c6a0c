package io.j8s.store;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks every backend applies before it acts, so that bad input is refused the same way
 * everywhere and changes nothing. Limits are etcd's defaults.
 */
public final class Requests {

    /** etcd's default {@code --max-request-bytes}: keys plus values of one request. */
    public static final int MAX_REQUEST_BYTES = 1536 * 1024;

    /** etcd's default limit on operations in one transaction ({@code --max-txn-ops}). */
    public static final int MAX_TXN_OPS = 128;

    private Requests() {}

    public static void validate(RangeRequest r) {
        checkRange("range", r.key(), r.rangeEnd());
        if (r.revision() < 0) {
            throw new InvalidRequestException("range: revision must not be negative, got " + r.revision());
        }
        if (r.limit() < 0) {
            throw new InvalidRequestException("range: limit must not be negative, got " + r.limit());
        }
    }

    public static void validate(WatchRequest w) {
        checkRange("watch", w.key(), w.rangeEnd());
        if (w.startRevision() < 0) {
            throw new InvalidRequestException("watch: start revision must not be negative, got " + w.startRevision());
        }
    }

    public static void validate(Txn txn) {
        if (txn.compares().size() > MAX_TXN_OPS || txn.success().size() > MAX_TXN_OPS
                || txn.failure().size() > MAX_TXN_OPS) {
            throw new InvalidRequestException("txn: too many operations in txn request (limit " + MAX_TXN_OPS + ")");
        }
        long bytes = 0;
        for (Compare c : txn.compares()) {
            checkKey("compare", c.key());
            if (c.target() == null || c.op() == null) {
                throw new InvalidRequestException("compare: target and operator are required");
            }
            bytes += utf8Length(c.key());
        }
        bytes += validateBranch(txn.success());
        bytes += validateBranch(txn.failure());
        if (bytes > MAX_REQUEST_BYTES) {
            throw new RequestTooLargeException(bytes, MAX_REQUEST_BYTES);
        }
    }

    /**
     * Checks one branch. As etcd's checkIntervals: a key may be put once, and no put may fall
     * inside a range the same branch deletes; deletes may overlap each other.
     */
    private static long validateBranch(List<Op> ops) {
        long bytes = 0;
        Set<String> puts = new HashSet<>();
        List<Op.Delete> deletes = new java.util.ArrayList<>();
        for (Op op : ops) {
            switch (op) {
                case null -> throw new InvalidRequestException("txn: null operation");
                case Op.Put p -> {
                    checkKey("put", p.key());
                    if (p.value() == null) {
                        throw new InvalidRequestException("put: value is required");
                    }
                    if (p.lease() < 0) {
                        throw new InvalidRequestException("put: lease must not be negative");
                    }
                    if (!puts.add(p.key())) {
                        throw duplicate(p.key());
                    }
                    bytes += utf8Length(p.key()) + p.value().length;
                }
                case Op.Delete d -> {
                    checkRange("delete", d.key(), d.rangeEnd());
                    deletes.add(d);
                    bytes += utf8Length(d.key()) + (d.rangeEnd() == null ? 0 : utf8Length(d.rangeEnd()));
                }
                case Op.Get g -> {
                    if (g.request() == null) {
                        throw new InvalidRequestException("get: request is required");
                    }
                    validate(g.request());
                    if (g.request().revision() != 0) {
                        throw new InvalidRequestException("get: a read inside a txn is at the txn's revision");
                    }
                    bytes += utf8Length(g.request().key());
                }
            }
        }
        for (Op.Delete d : deletes) {
            for (String k : puts) {
                if (Keys.inRange(k, d.key(), d.rangeEnd())) {
                    throw duplicate(k);
                }
            }
        }
        return bytes;
    }

    private static InvalidRequestException duplicate(String key) {
        return new InvalidRequestException("txn: duplicate key given in txn request: " + key);
    }

    static void checkRange(String what, String key, String rangeEnd) {
        checkKey(what, key);
        if (rangeEnd != null && !rangeEnd.equals(Keys.ALL_AFTER)) {
            checkWellFormed(what + ": range end", rangeEnd);
            if (rangeEnd.isEmpty() || Keys.compare(rangeEnd, key) < 0) {
                throw new InvalidRequestException(what + ": range end '" + rangeEnd + "' sorts before key '" + key + "'");
            }
        }
    }

    static void checkKey(String what, String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidRequestException(what + ": key is not provided");
        }
        checkWellFormed(what + ": key", key);
        if (utf8Length(key) > MAX_REQUEST_BYTES) {
            throw new RequestTooLargeException(utf8Length(key), MAX_REQUEST_BYTES);
        }
    }

    private static void checkWellFormed(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidRequestException(what + " is not valid Unicode (lone surrogate at " + i + ")");
            }
        }
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) { n += 4; i++; }
            else n += 3;
        }
        return n;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
