package io.j8s.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How Go describes JSON: upstream's patch errors quote encoding/json's syntax errors and fmt's
 * {@code %v} of decoded values, so j8s says the same words about the same input.
 */
final class GoJson {

    /** reflect.TypeOf a decoded JSON object. */
    static final String MAP = "map[string]interface {}";
    /** reflect.TypeOf a decoded JSON array. */
    static final String SLICE = "[]interface {}";

    private GoJson() {}

    /** encoding/json's error for malformed {@code data}, or null when Go scans it as one JSON value. */
    static String syntaxError(byte[] data) {
        Scanner s = new Scanner();
        for (byte b : data) {
            if (!s.step(b & 0xff)) {
                return s.error;
            }
        }
        return s.eof();
    }

    /** fmt's {@code %v} of what json.Unmarshal makes of {@code n}: {@code map[k:v]}, {@code [a b]}, {@code <nil>}. */
    static String format(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "<nil>";
        }
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            keys.sort(null); // fmt prints map keys sorted
            StringBuilder b = new StringBuilder("map[");
            for (int i = 0; i < keys.size(); i++) {
                b.append(i == 0 ? "" : " ").append(keys.get(i)).append(':').append(format(n.get(keys.get(i))));
            }
            return b.append(']').toString();
        }
        if (n.isArray()) {
            return list(n);
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        if (n.isNumber()) {
            return formatFloat(n.doubleValue());
        }
        return n.asText();
    }

    /** fmt's {@code %v} of a slice: {@code [a b c]}. */
    static String list(Iterable<JsonNode> items) {
        StringBuilder b = new StringBuilder("[");
        Iterator<JsonNode> it = items.iterator();
        while (it.hasNext()) {
            b.append(format(it.next())).append(it.hasNext() ? " " : "");
        }
        return b.append(']').toString();
    }

    /** reflect.TypeOf of the decoded value, as {@code %s} prints it in mergepatch.ErrBadArgType. */
    static String typeName(JsonNode n) {
        if (n == null || n.isNull()) {
            return "%!s(<nil>)";
        }
        if (n.isObject()) {
            return MAP;
        }
        if (n.isArray()) {
            return SLICE;
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isIntegralNumber()) {
            return "int64";
        }
        return n.isNumber() ? "float64" : "bool";
    }

    /** The JSON kind json.UnmarshalTypeError names: object, array, string, number, bool. */
    static String kind(JsonNode n) {
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isTextual()) {
            return "string";
        }
        return n.isNumber() ? "number" : n.isBoolean() ? "bool" : "null";
    }

    /** strconv.FormatFloat(f, 'g', -1, 64), which is what {@code %v} prints for a float64. */
    static String formatFloat(double f) {
        if (f == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - d.scale() - 1;
        String sign = f < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) { // %g switches to an exponent outside [1e-4, 1e6) at shortest precision
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return sign + d.toPlainString();
    }

    /** A byte as encoding/json quotes it in an error: {@code 'x'}, {@code '\n'}, {@code '"'}. */
    static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String escaped = switch (c) {
            case 7 -> "\\a";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 11 -> "\\v";
            case '\\' -> "\\\\";
            default -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", c)
                    : c >= 0x80 && c <= 0xa0 ? String.format("\\u%04x", c)
                    : String.valueOf((char) c);
        };
        return "'" + escaped + "'";
    }

    /**
     * encoding/json's scanner (scanner.go), state for state, so that a malformed body is
     * described exactly as upstream describes it.
     */
    private static final class Scanner {
        private enum State {
            BEGIN_VALUE, BEGIN_VALUE_OR_EMPTY, BEGIN_STRING_OR_EMPTY, BEGIN_STRING, END_VALUE, END_TOP,
            IN_STRING, IN_STRING_ESC, IN_STRING_ESC_U, NEG, ONE, ZERO, DOT, DOT0, E, E_SIGN, E0, LITERAL
        }

        private static final int OBJECT_KEY = 0;
        private static final int OBJECT_VALUE = 1;
        private static final int ARRAY_VALUE = 2;
        private static final int MAX_DEPTH = 10000;
        private static final Map<Character, String> LITERALS = Map.of('t', "true", 'f', "false", 'n', "null");

        private State state = State.BEGIN_VALUE;
        private final List<Integer> stack = new ArrayList<>();
        private String literal;
        private int literalPos;
        private int hexDigits;
        private boolean endTop;
        private String error;

        /** Feeds one byte; false once the input is known to be malformed. */
        boolean step(int c) {
            next(c);
            return error == null;
        }

        String eof() {
            if (error != null) {
                return error;
            }
            if (endTop) {
                return null;
            }
            next(' ');
            if (endTop && error == null) {
                return null;
            }
            return error != null ? error : "unexpected end of JSON input";
        }

        private void fail(int c, String context) {
            state = State.END_TOP;
            error = "invalid character " + quoteChar(c) + " " + context;
        }

        private static boolean space(int c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean digit(int c) {
            return c >= '0' && c <= '9';
        }

        private void next(int c) {
            switch (state) {
                case BEGIN_VALUE -> beginValue(c);
                case BEGIN_VALUE_OR_EMPTY -> {
                    if (space(c)) {
                        return;
                    }
                    if (c == ']') {
                        endValue(c);
                    } else {
                        beginValue(c);
                    }
                }
                case BEGIN_STRING_OR_EMPTY -> {
                    if (space(c)) {
                        return;
                    }
                    if (c == '}') {
                        stack.set(stack.size() - 1, OBJECT_VALUE);
                        endValue(c);
                    } else {
                        beginString(c);
                    }
                }
                case BEGIN_STRING -> beginString(c);
                case END_VALUE -> endValue(c);
                case END_TOP -> {
                    if (!space(c) && error == null) {
                        fail(c, "after top-level value");
                    }
                }
                case IN_STRING -> {
                    if (c == '"') {
                        state = State.END_VALUE;
                    } else if (c == '\\') {
                        state = State.IN_STRING_ESC;
                    } else if (c < 0x20) {
                        fail(c, "in string literal");
                    }
                }
                case IN_STRING_ESC -> {
                    if ("bfnrt\\/\"".indexOf(c) >= 0) {
                        state = State.IN_STRING;
                    } else if (c == 'u') {
                        state = State.IN_STRING_ESC_U;
                        hexDigits = 0;
                    } else {
                        fail(c, "in string escape code");
                    }
                }
                case IN_STRING_ESC_U -> {
                    if (digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                        if (++hexDigits == 4) {
                            state = State.IN_STRING;
                        }
                    } else {
                        fail(c, "in \\u hexadecimal character escape");
                    }
                }
                case NEG -> {
                    if (c == '0') {
                        state = State.ZERO;
                    } else if (c >= '1' && c <= '9') {
                        state = State.ONE;
                    } else {
                        fail(c, "in numeric literal");
                    }
                }
                case ONE -> {
                    if (!digit(c)) {
                        zero(c);
                    }
                }
                case ZERO -> zero(c);
                case DOT -> {
                    if (digit(c)) {
                        state = State.DOT0;
                    } else {
                        fail(c, "after decimal point in numeric literal");
                    }
                }
                case DOT0 -> {
                    if (c == 'e' || c == 'E') {
                        state = State.E;
                    } else if (!digit(c)) {
                        endValue(c);
                    }
                }
                case E -> {
                    if (c == '+' || c == '-') {
                        state = State.E_SIGN;
                    } else {
                        eSign(c);
                    }
                }
                case E_SIGN -> eSign(c);
                case E0 -> {
                    if (!digit(c)) {
                        endValue(c);
                    }
                }
                case LITERAL -> {
                    if (c != literal.charAt(literalPos)) {
                        fail(c, "in literal " + literal + " (expecting " + quoteChar(literal.charAt(literalPos)) + ")");
                    } else if (++literalPos == literal.length()) {
                        state = State.END_VALUE;
                    }
                }
            }
        }

        private void zero(int c) {
            if (c == '.') {
                state = State.DOT;
            } else if (c == 'e' || c == 'E') {
                state = State.E;
            } else {
                endValue(c);
            }
        }

        private void eSign(int c) {
            if (digit(c)) {
                state = State.E0;
            } else {
                fail(c, "in exponent of numeric literal");
            }
        }

        private void beginValue(int c) {
            if (space(c)) {
                state = State.BEGIN_VALUE;
                return;
            }
            switch (c) {
                case '{' -> push(c, OBJECT_KEY, State.BEGIN_STRING_OR_EMPTY);
                case '[' -> push(c, ARRAY_VALUE, State.BEGIN_VALUE_OR_EMPTY);
                case '"' -> state = State.IN_STRING;
                case '-' -> state = State.NEG;
                case '0' -> state = State.ZERO;
                case 't', 'f', 'n' -> {
                    literal = LITERALS.get((char) c);
                    literalPos = 1;
                    state = State.LITERAL;
                }
                default -> {
                    if (c >= '1' && c <= '9') {
                        state = State.ONE;
                    } else {
                        fail(c, "looking for beginning of value");
                    }
                }
            }
        }

        private void push(int c, int parseState, State then) {
            if (stack.size() >= MAX_DEPTH) {
                fail(c, "exceeded max depth");
                return;
            }
            stack.add(parseState);
            state = then;
        }

        private void beginString(int c) {
            if (space(c)) {
                state = State.BEGIN_STRING;
            } else if (c == '"') {
                state = State.IN_STRING;
            } else {
                fail(c, "looking for beginning of object key string");
            }
        }

        private void endValue(int c) {
            if (stack.isEmpty()) {
                state = State.END_TOP;
                endTop = true;
                next(c);
                return;
            }
            if (space(c)) {
                state = State.END_VALUE;
                return;
            }
            int top = stack.size() - 1;
            switch (stack.get(top)) {
                case OBJECT_KEY -> {
                    if (c == ':') {
                        stack.set(top, OBJECT_VALUE);
                        state = State.BEGIN_VALUE;
                    } else {
                        fail(c, "after object key");
                    }
                }
                case OBJECT_VALUE -> {
                    if (c == ',') {
                        stack.set(top, OBJECT_KEY);
                        state = State.BEGIN_STRING;
                    } else if (c == '}') {
                        pop();
                    } else {
                        fail(c, "after object key:value pair");
                    }
                }
                default -> {
                    if (c == ',') {
                        state = State.BEGIN_VALUE;
                    } else if (c == ']') {
                        pop();
                    } else {
                        fail(c, "after array element");
                    }
                }
            }
        }

        private void pop() {
            stack.removeLast();
            if (stack.isEmpty()) {
                state = State.END_TOP;
                endTop = true;
            } else {
                state = State.END_VALUE;
            }
        }
    }
}
