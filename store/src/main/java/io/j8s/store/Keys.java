package io.j8s.store;

import java.util.Comparator;

/**
 * Key order and ranges. Keys compare by Unicode code point, which is the order of their UTF-8
 * bytes: the order etcd keeps. ({@link String#compareTo} compares UTF-16 units, which differs
 * for characters above U+FFFF.)
 */
public final class Keys {

    /** As a range end: every key from the start key on (etcd's "\0"). */
    public static final String ALL_AFTER = "\0";

    public static final Comparator<String> ORDER = Keys::compare;

    private Keys() {}

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (U+D800..DFFF) stand for code points above U+FFFF and so sort after
                // every other UTF-16 unit; outside them, unit order is code point order.
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** The range end that covers exactly the keys beginning with {@code prefix}. */
    public static String prefixEnd(String prefix) {
        // Increment the last code point; if it is the maximum, drop it and carry.
        int end = prefix.length();
        while (end > 0) {
            int cp = prefix.codePointBefore(end);
            int width = Character.charCount(cp);
            if (cp < Character.MAX_CODE_POINT) {
                int next = cp + 1;
                if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
                    next = Character.MAX_SURROGATE + 1;
                }
                return prefix.substring(0, end - width) + Character.toString(next);
            }
            end -= width;
        }
        return ALL_AFTER;
    }

    /** Whether {@code k} is in [{@code key}, {@code rangeEnd}), with the conventions of {@link RangeRequest}. */
    public static boolean inRange(String k, String key, String rangeEnd) {
        if (rangeEnd == null) {
            return k.equals(key);
        }
        if (compare(k, key) < 0) {
            return false;
        }
        return ALL_AFTER.equals(rangeEnd) || compare(k, rangeEnd) < 0;
    }
}
