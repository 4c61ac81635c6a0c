package io.j8s.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import java.util.Comparator;

/**
 * RFC 6902 JSON Patch as kube-apiserver applies it: with the library it uses
 * (evanphx/json-patch v4), its leniencies and its error messages. Where v4 departs from the RFC
 * j8s follows v4, since that is what clients of a real cluster meet:
 *
 * <ul>
 *   <li>{@code replace} of a missing object member adds it (only a missing array index fails);
 *   <li>{@code copy} from a missing object member copies {@code null};
 *   <li>negative array indices count from the end;
 *   <li>an operation without {@code value} uses {@code null}.
 * </ul>
 */
public final class JsonPatch {

    /** Upstream refuses bigger patches with 413 before applying any. */
    static final int MAX_OPERATIONS = 10000;
    /** Upstream's JSONPatchMaxCopyBytes: the most a patch's copies may add to the object. */
    static final long MAX_COPY_BYTES = 3L * 1024 * 1024;

    private static final Comparator<JsonNode> NUMERIC_EQUALITY = (a, b) ->
            a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private JsonPatch() {}

    /**
     * Applies {@code patch}, a JSON array of operations, to a copy of {@code target}.
     *
     * @throws PatchException 400 if {@code patch} is not a list of operations, 413 if it has
     *     more than 10,000, 422 if an operation does not apply
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        checkOperations(patch);
        Document doc = new Document(target.deepCopy());
        long copied = 0;
        for (JsonNode op : patch) {
            Operation o = new Operation(op);
            switch (o.kind()) {
                case "add" -> doc.add(o);
                case "remove" -> doc.remove(o);
                case "replace" -> doc.replace(o);
                case "move" -> doc.move(o);
                case "test" -> doc.test(o);
                case "copy" -> copied = doc.copy(o, copied);
                default -> throw PatchException.invalid("Unexpected kind: " + o.kind());
            }
        }
        return doc.root;
    }

    /** What json.Unmarshal into jsonpatch.Patch accepts; {@code null} is an empty patch. */
    private static void checkOperations(JsonNode patch) {
        if (patch.isNull()) {
            return;
        }
        if (!patch.isArray()) {
            throw PatchException.badRequest(
                    "json: cannot unmarshal " + GoJson.kind(patch) + " into Go value of type jsonpatch.Patch");
        }
        for (JsonNode op : patch) {
            if (!op.isObject() && !op.isNull()) {
                throw PatchException.badRequest(
                        "json: cannot unmarshal " + GoJson.kind(op) + " into Go value of type jsonpatch.Operation");
            }
        }
        if (patch.size() > MAX_OPERATIONS) {
            throw PatchException.tooLarge("The allowed maximum operations in a JSON patch is "
                    + MAX_OPERATIONS + ", got " + patch.size());
        }
    }

    /** One operation object; a field that is absent or JSON null reads as missing, as in v4. */
    private record Operation(JsonNode node) {

        String kind() {
            JsonNode op = node.get("op");
            return op != null && op.isTextual() ? op.textValue() : "unknown";
        }

        /** The {@code path} member, or null with {@link #pathError()} saying why. */
        String path() {
            return string("path");
        }

        String from() {
            return string("from");
        }

        /** What Operation.Path() returns as its error when {@link #path()} is null. */
        String pathError() {
            return stringError("path", "operation missing path field: missing value");
        }

        String fromError() {
            return stringError("from", "operation, missing from field: missing value");
        }

        /** The {@code value} member: null when absent, NullNode when JSON null. */
        JsonNode value() {
            return node.get("value");
        }

        private String string(String field) {
            JsonNode v = node.get(field);
            return v != null && v.isTextual() ? v.textValue() : null;
        }

        private String stringError(String field, String missing) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? missing
                    : "json: cannot unmarshal " + GoJson.kind(v) + " into Go value of type string";
        }
    }

    /** The document being patched: v4's container operations over Jackson nodes. */
    private static final class Document {
        private JsonNode root;

        Document(JsonNode root) {
            this.root = root;
        }

        /** A parent container and the last, decoded, reference token of a pointer. */
        private record Location(JsonNode container, String key) {}

        /** v4's findObject: null when any parent is missing or not a container. */
        private Location find(String path) {
            String[] parts = path.split("/", -1);
            if (parts.length < 2) {
                return null;
            }
            JsonNode doc = root;
            for (int i = 1; i < parts.length - 1; i++) {
                JsonNode next;
                try {
                    next = get(doc, decode(parts[i]));
                } catch (PointerException e) {
                    return null;
                }
                if (next == null || !next.isContainerNode()) {
                    return null;
                }
                doc = next;
            }
            return new Location(doc, decode(parts[parts.length - 1]));
        }

        void add(Operation o) {
            String path = o.path();
            if (path == null) {
                throw PatchException.invalid("add operation failed to decode path: missing value");
            }
            Location at = find(path);
            if (at == null) {
                throw PatchException.invalid("add operation does not apply: doc is missing path: \"" + path + "\": missing value");
            }
            try {
                insert(at, valueOf(o.value()));
            } catch (PointerException e) {
                throw PatchException.invalid("error in add for path: '" + path + "': " + e.getMessage());
            }
        }

        void remove(Operation o) {
            String path = o.path();
            if (path == null) {
                throw PatchException.invalid("remove operation failed to decode path: missing value");
            }
            Location at = find(path);
            if (at == null) {
                throw PatchException.invalid("remove operation does not apply: doc is missing path: \"" + path + "\": missing value");
            }
            try {
                delete(at);
            } catch (PointerException e) {
                throw PatchException.invalid("error in remove for path: '" + path + "': " + e.getMessage());
            }
        }

        void replace(Operation o) {
            String path = o.path();
            if (path == null) {
                throw PatchException.invalid("replace operation failed to decode path: " + o.pathError());
            }
            if (path.isEmpty()) {
                JsonNode value = o.value();
                if (value == null || !value.isContainerNode()) {
                    // upstream wraps a nil error here, and Go prints that as %!w(<nil>)
                    throw PatchException.invalid("replace operation value must be object or array: %!w(<nil>)");
                }
                root = value.deepCopy();
                return;
            }
            Location at = find(path);
            if (at == null) {
                throw PatchException.invalid("replace operation does not apply: doc is missing path: " + path + ": missing value");
            }
            try {
                get(at.container(), at.key());
            } catch (PointerException e) {
                throw PatchException.invalid("replace operation does not apply: doc is missing key: " + path + ": missing value");
            }
            set(at, valueOf(o.value()));
        }

        void move(Operation o) {
            String from = o.from();
            if (from == null) {
                throw PatchException.invalid("move operation failed to decode from: " + o.fromError());
            }
            Location source = find(from);
            if (source == null) {
                throw PatchException.invalid("move operation does not apply: doc is missing from path: " + from + ": missing value");
            }
            JsonNode value;
            try {
                value = get(source.container(), source.key());
                delete(source);
            } catch (PointerException e) {
                // upstream names the key, not the path, here
                throw PatchException.invalid("error in move for path: '" + source.key() + "': " + e.getMessage());
            }
            String path = o.path();
            if (path == null) {
                throw PatchException.invalid("move operation failed to decode path: " + o.pathError());
            }
            Location at = find(path);
            if (at == null) {
                throw PatchException.invalid("move operation does not apply: doc is missing destination path: " + path + ": missing value");
            }
            try {
                insert(at, valueOf(value));
            } catch (PointerException e) {
                throw PatchException.invalid("error in move for path: '" + path + "': " + e.getMessage());
            }
        }

        void test(Operation o) {
            String path = o.path();
            if (path == null) {
                throw PatchException.invalid("test operation failed to decode path: " + o.pathError());
            }
            JsonNode expected = o.value();
            if (path.isEmpty()) {
                if (expected == null || !root.equals(NUMERIC_EQUALITY, expected)) {
                    throw testFailed(path);
                }
                return;
            }
            Location at = find(path);
            if (at == null) {
                throw PatchException.invalid("test operation does not apply: is missing path: " + path + ": missing value");
            }
            JsonNode actual;
            try {
                actual = get(at.container(), at.key());
            } catch (PointerException e) {
                throw PatchException.invalid("error in test for path: '" + path + "': " + e.getMessage());
            }
            boolean absent = actual == null || actual.isNull();
            boolean pass = absent
                    ? expected == null || expected.isNull()
                    : expected != null && actual.equals(NUMERIC_EQUALITY, expected);
            if (!pass) {
                throw testFailed(path);
            }
        }

        /** Returns the bytes copied so far, including this copy. */
        long copy(Operation o, long copiedBefore) {
            String from = o.from();
            if (from == null) {
                throw PatchException.invalid("copy operation failed to decode from: " + o.fromError());
            }
            Location source = find(from);
            if (source == null) {
                throw PatchException.invalid("copy operation does not apply: doc is missing from path: " + from + ": missing value");
            }
            JsonNode value;
            try {
                value = get(source.container(), source.key());
            } catch (PointerException e) {
                throw PatchException.invalid("error in copy for from: '" + from + "': " + e.getMessage());
            }
            String path = o.path();
            if (path == null) {
                throw PatchException.invalid("copy operation failed to decode path: missing value");
            }
            Location at = find(path);
            if (at == null) {
                throw PatchException.invalid("copy operation does not apply: doc is missing destination path: " + path + ": missing value");
            }
            JsonNode copy = valueOf(value).deepCopy();
            long copied = copiedBefore + Json.write(copy).length();
            if (copied > MAX_COPY_BYTES) {
                throw PatchException.invalid("Unable to complete the copy, the accumulated size increase of copy is "
                        + copied + ", exceeding the limit " + MAX_COPY_BYTES);
            }
            try {
                insert(at, copy);
            } catch (PointerException e) {
                throw PatchException.invalid("error while adding value during copy: " + e.getMessage());
            }
            return copied;
        }

        private static PatchException testFailed(String path) {
            return PatchException.invalid("testing value " + path + " failed: test failed");
        }

        private static JsonNode valueOf(JsonNode value) {
            return value == null ? NullNode.getInstance() : value;
        }

        /** The member or element at {@code key}; null for a missing member (v4 does not fail there). */
        private static JsonNode get(JsonNode container, String key) {
            if (container instanceof ObjectNode o) {
                return o.get(key);
            }
            ArrayNode a = (ArrayNode) container;
            long idx = atoi(key);
            if (idx < 0) {
                if (idx < -a.size()) {
                    throw PointerException.invalidIndex(idx);
                }
                idx += a.size();
            }
            if (idx >= a.size()) {
                throw PointerException.invalidIndex(idx);
            }
            return a.get((int) idx);
        }

        private static void set(Location at, JsonNode value) {
            if (at.container() instanceof ObjectNode o) {
                o.set(at.key(), value);
                return;
            }
            ArrayNode a = (ArrayNode) at.container();
            long idx = atoi(at.key());
            a.set((int) (idx < 0 ? idx + a.size() : idx), value);
        }

        private static void insert(Location at, JsonNode value) {
            if (at.container() instanceof ObjectNode o) {
                o.set(at.key(), value);
                return;
            }
            ArrayNode a = (ArrayNode) at.container();
            if (at.key().equals("-")) {
                a.add(value);
                return;
            }
            long idx;
            try {
                idx = atoi(at.key());
            } catch (PointerException e) {
                throw new PointerException("value was not a proper array index: '" + at.key() + "': " + e.getMessage());
            }
            int size = a.size() + 1;
            if (idx >= size || idx < -size) {
                throw PointerException.invalidIndex(idx);
            }
            a.insert((int) (idx < 0 ? idx + size : idx), value);
        }

        private static void delete(Location at) {
            if (at.container() instanceof ObjectNode o) {
                if (!o.has(at.key())) {
                    throw new PointerException("Unable to remove nonexistent key: " + at.key() + ": missing value");
                }
                o.remove(at.key());
                return;
            }
            ArrayNode a = (ArrayNode) at.container();
            long idx = atoi(at.key());
            if (idx >= a.size() || idx < -a.size()) {
                throw PointerException.invalidIndex(idx);
            }
            a.remove((int) (idx < 0 ? idx + a.size() : idx));
        }

        /** Go's strconv.Atoi, with its error text. */
        private static long atoi(String s) {
            String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
            if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new PointerException("strconv.Atoi: parsing \"" + s + "\": invalid syntax");
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new PointerException("strconv.Atoi: parsing \"" + s + "\": value out of range");
            }
        }

        /** RFC 6901: ~1 is '/', ~0 is '~', decoded in one pass so "~01" stays "~1". */
        private static String decode(String token) {
            if (token.indexOf('~') < 0) {
                return token;
            }
            StringBuilder b = new StringBuilder(token.length());
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c == '~' && i + 1 < token.length() && (token.charAt(i + 1) == '0' || token.charAt(i + 1) == '1')) {
                    b.append(token.charAt(++i) == '0' ? '~' : '/');
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }

    /** A reference token that does not resolve in its container; becomes part of a 422 message. */
    private static final class PointerException extends RuntimeException {
        PointerException(String message) {
            super(message, null, false, false);
        }

        static PointerException invalidIndex(long idx) {
            return new PointerException("Unable to access invalid index: " + idx + ": invalid index referenced");
        }
    }
}
