package io.j8s.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A field selector as apimachinery's fields.Selector: an AND of {@code field=value},
 * {@code field==value} and {@code field!=value} terms. A field an object does not have reads as
 * the empty string, so {@code spec.nodeName=} selects pods on no node.
 *
 * <p>Which fields a kind supports, and how their values are computed, is
 * {@link FieldSelectors}' business; {@link #matches(ObjectNode)} only reads dotted paths.
 */
public final class FieldSelector {

    /** One term: {@code field=value} when {@code equal}, else {@code field!=value}. */
    public record Term(String field, boolean equal, String value) {
        public Term {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }

        public boolean matches(Map<String, String> fields) {
            return fields.getOrDefault(field, "").equals(value) == equal;
        }

        /** Upstream's String(): the value escaped so the term parses back. */
        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + escape(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses upstream's syntax (fields.ParseSelector): comma-separated terms, {@code \,},
     * {@code \=} and {@code \\} escaping a value; the empty string selects everything.
     *
     * @throws InvalidSelectorException with upstream's message, e.g.
     *     {@code invalid selector: 'a'; can't understand 'a'}
     */
    public static FieldSelector parse(String selector) {
        List<String> parts = splitTerms(selector);
        parts.sort(null); // upstream sorts the raw terms, for a deterministic selector
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            Term t = splitTerm(part);
            if (t == null) {
                throw new InvalidSelectorException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            terms.add(t);
        }
        return new FieldSelector(terms);
    }

    public List<Term> terms() {
        return terms;
    }

    /** Whether the selector does not restrict the selection. */
    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** Matches a fields.Set: each field's value, absent ones reading as "". */
    public boolean matches(Map<String, String> fields) {
        return terms.stream().allMatch(t -> t.matches(fields));
    }

    /**
     * Matches {@code obj}, reading each term's field as a dotted path: strings as they are,
     * numbers and booleans as Go formats them, anything absent or not a scalar as "".
     */
    public boolean matches(ObjectNode obj) {
        return terms.stream().allMatch(t -> (read(obj, t.field()).equals(t.value())) == t.equal());
    }

    /** The one value {@code field} must have, if a term pins it (for indexed lookups such as spec.nodeName). */
    public Optional<String> requiresExactMatch(String field) {
        return terms.stream().filter(t -> t.equal() && t.field().equals(field)).map(Term::value).findFirst();
    }

    /** The same terms with fields renamed, as a field label conversion does. */
    FieldSelector withFields(UnaryOperator<String> rename) {
        return new FieldSelector(terms.stream().map(t -> new Term(rename.apply(t.field()), t.equal(), t.value())).toList());
    }

    /** A scalar at a dotted path, as the string a fields.Set would hold; "" if there is none. */
    static String read(JsonNode obj, String path) {
        return read(obj, split(path));
    }

    /** A dotted path's parts, for {@link #read(JsonNode, String[])}. */
    static String[] split(String path) {
        return path.split("\\.", -1);
    }

    /** {@link #read(JsonNode, String)} with the path split beforehand. */
    static String read(JsonNode obj, String[] path) {
        JsonNode n = obj;
        for (String part : path) {
            n = n == null ? null : n.get(part);
        }
        if (n == null || n.isNull() || n.isContainerNode()) {
            return "";
        }
        return n.isTextual() ? n.textValue() : n.isIntegralNumber() ? n.bigIntegerValue().toString() : n.asText();
    }

    @Override
    public String toString() {
        return terms.stream().map(Term::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    /** Splits on commas that no backslash escapes; the escapes stay in the terms. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        if (selector.isEmpty()) {
            return terms;
        }
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    /** The first operator splits the term, "!=" and "==" before "="; the field cannot be escaped. */
    private static Term splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String op : new String[] {"!=", "==", "="}) {
                if (term.startsWith(op, i)) {
                    return new Term(term.substring(0, i), !op.equals("!="), unescape(term.substring(i + op.length())));
                }
            }
        }
        return null;
    }

    /** fields.UnescapeValue. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean escaped = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (escaped) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new InvalidSelectorException("invalid field selector: invalid escape sequence: \\" + Character.toString(c));
                }
                b.appendCodePoint(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',' || c == '=') {
                // Go prints the rune with %v, that is as its number
                throw new InvalidSelectorException("invalid field selector: unescaped character in value: " + c);
            } else {
                b.appendCodePoint(c);
            }
        }
        if (escaped) {
            throw new InvalidSelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return b.toString();
    }

    /** fields.EscapeValue. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }
}
