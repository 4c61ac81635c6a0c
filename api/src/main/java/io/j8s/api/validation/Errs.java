package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import io.j8s.api.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The field errors {@link FieldError} has no factory for, and bad values printed the way Go's
 * {@code field.Error} prints them ({@code %q} for strings, {@code %#v} for maps and structs),
 * so messages read as upstream's.
 */
final class Errs {

    static final String IMMUTABLE = "field is immutable";
    static final String NON_NEGATIVE = "must be greater than or equal to 0";

    private Errs() {}

    /** A bad value already rendered as Go would print it. */
    record GoValue(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    static FieldError notFound(String field, String value) {
        return new FieldError(field, "FieldValueNotFound", "Not found: " + goString(value));
    }

    static FieldError tooLong(String field, long max) {
        return new FieldError(field, "FieldValueTooLong", "Too long: may not be more than " + max + (max == 1 ? " byte" : " bytes"));
    }

    static FieldError tooMany(String field, int actual, int max) {
        return new FieldError(field, "FieldValueTooMany", "Too many: " + actual + ": must have at most " + max + " items");
    }

    static FieldError invalid(String field, String value, String detail) {
        return new FieldError(field, "FieldValueInvalid", "Invalid value: " + goString(value) + ": " + detail);
    }

    static FieldError invalid(String field, long value, String detail) {
        return new FieldError(field, "FieldValueInvalid", "Invalid value: " + value + ": " + detail);
    }

    static FieldError invalidGo(String field, String goValue, String detail) {
        return FieldError.invalid(field, new GoValue(goValue), detail);
    }

    static FieldError duplicate(String field, String value) {
        return FieldError.duplicate(field, new GoValue(goString(value)));
    }

    static FieldError duplicateGo(String field, String goValue) {
        return FieldError.duplicate(field, new GoValue(goValue));
    }

    static FieldError notSupported(String field, String value, List<String> supported) {
        return new FieldError(field, "FieldValueNotSupported", "Unsupported value: " + goString(value)
                + ": supported values: " + supported.stream().map(Errs::goString).collect(Collectors.joining(", ")));
    }

    static FieldError immutable(String field, String value) {
        return invalid(field, value, IMMUTABLE);
    }

    static FieldError nonNegative(String field, long value) {
        return invalid(field, value, NON_NEGATIVE);
    }

    /** Go's {@code %q}. */
    static String goString(String s) {
        return Syntax.goQuote(s);
    }

    /** Go's {@code %#v} of a {@code map[string]string}: keys sorted, nil when absent. */
    static String goMap(JsonNode map) {
        if (map == null || !map.isObject()) return "map[string]string(nil)";
        Map<String, String> sorted = new TreeMap<>(Tree.strings(map));
        return "map[string]string{" + sorted.entrySet().stream()
                .map(e -> goString(e.getKey()) + ":" + goString(e.getValue()))
                .collect(Collectors.joining(", ")) + "}";
    }

    static String goStrings(List<String> list) {
        if (list.isEmpty()) return "[]string(nil)";
        return "[]string{" + list.stream().map(Errs::goString).collect(Collectors.joining(", ")) + "}";
    }

    /** Go's {@code %#v} of a {@code metav1.LabelSelector} (as immutability errors print it). */
    static String goSelector(JsonNode sel) {
        if (sel == null || !sel.isObject()) return "null";
        List<JsonNode> exprs = Tree.items(sel, "matchExpressions");
        String expressions = exprs.isEmpty() ? "[]v1.LabelSelectorRequirement(nil)"
                : "[]v1.LabelSelectorRequirement{" + exprs.stream().map(e -> "v1.LabelSelectorRequirement{Key:"
                + goString(Tree.str(e, "key")) + ", Operator:" + goString(Tree.str(e, "operator")) + ", Values:"
                + goStrings(Tree.stringList(e, "values")) + "}").collect(Collectors.joining(", ")) + "}";
        return "v1.LabelSelector{MatchLabels:" + goMap(sel.get("matchLabels")) + ", MatchExpressions:" + expressions + "}";
    }

    /**
     * An {@code intstr.IntOrString} as a bad value: its String() has a pointer receiver, so Go
     * prints the struct ({@code intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}}).
     */
    static String goIntOrString(JsonNode v) {
        if (v != null && v.isTextual()) return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + goString(v.asText()) + "}";
        long n = v != null && v.isNumber() ? v.asLong() : 0;
        return "intstr.IntOrString{Type:0, IntVal:" + n + ", StrVal:\"\"}";
    }

    /** A plain pointer-to-number field as a bad value: the number, or null. */
    static String goNumber(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull() ? "null" : v.asText();
    }

    /**
     * Structs upstream prints with {@code %#v} (a whole pod template, a PDB spec) are printed as
     * compact JSON instead: the Go rendering names internal types j8s does not have.
     */
    static String json(JsonNode v) {
        return v == null || v.isMissingNode() ? "null" : Json.write(v);
    }
}
