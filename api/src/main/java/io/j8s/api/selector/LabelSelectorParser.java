package io.j8s.api.selector;

import io.j8s.api.selector.LabelSelector.Operator;
import io.j8s.api.selector.LabelSelector.Requirement;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * apimachinery's label selector lexer and recursive-descent parser (labels/selector.go), token for
 * token, so that what parses, and what each failure says, is what upstream says.
 */
final class LabelSelectorParser {

    private enum Token {
        ERROR, END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN,
        IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    private record Item(Token token, String literal) {}

    private static final Map<String, Token> KEYWORDS = Map.ofEntries(
            Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.DOES_NOT_EXIST),
            Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
            Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
            Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final List<Item> items = new ArrayList<>();
    private int position;

    private LabelSelectorParser(String selector) {
        Lexer lexer = new Lexer(selector.getBytes(StandardCharsets.UTF_8));
        Item item;
        do {
            item = lexer.lex();
            items.add(item);
        } while (item.token() != Token.END_OF_STRING);
    }

    static List<Requirement> parse(String selector) {
        return new LabelSelectorParser(selector).parse();
    }

    /**
     * labels.NewRequirement: checks the key and values. Neither the parser nor
     * metav1.LabelSelectorAsSelector gives it a field path, so errors name "key" and "values[i]".
     */
    static Requirement requirement(String key, Operator op, List<String> values) {
        List<String> errs = new ArrayList<>();
        List<String> keyErrs = LabelValidation.labelKey(key);
        if (!keyErrs.isEmpty()) {
            errs.add(LabelValidation.invalid("key", key, String.join("; ", keyErrs)));
        }
        String valuesPath = "values";
        switch (op) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errs.add(valuesPath + ": Invalid value: " + goSlice(values) + ": for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    errs.add(valuesPath + ": Invalid value: " + goSlice(values) + ": exact-match compatibility requires one single value");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errs.add(valuesPath + ": Invalid value: " + goSlice(values) + ": values set must be empty for exists and does not exist");
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    errs.add(valuesPath + ": Invalid value: " + goSlice(values) + ": for 'Gt', 'Lt' operators, exactly one value is required");
                }
                for (int i = 0; i < values.size(); i++) {
                    if (int64(values.get(i)) == null) {
                        errs.add(LabelValidation.invalid(valuesPath + "[" + i + "]", values.get(i),
                                "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> valueErrs = LabelValidation.labelValue(values.get(i));
            if (!valueErrs.isEmpty()) {
                errs.add(LabelValidation.invalid(valuesPath + "[" + i + "][" + key + "]", values.get(i), String.join("; ", valueErrs)));
            }
        }
        if (!errs.isEmpty()) {
            // an aggregate of one error is that error; of several, a bracketed list
            throw new InvalidSelectorException(errs.size() == 1 ? errs.getFirst() : "[" + String.join(", ", errs) + "]");
        }
        return new Requirement(key, op, values);
    }

    private List<Requirement> parse() {
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            Item next = lookahead(true);
            switch (next.token()) {
                case IDENTIFIER, DOES_NOT_EXIST -> {
                    try {
                        requirements.add(parseRequirement());
                    } catch (InvalidSelectorException e) {
                        throw new InvalidSelectorException("unable to parse requirement: " + e.getMessage());
                    }
                    Item after = consume(true);
                    switch (after.token()) {
                        case END_OF_STRING -> {
                            return requirements;
                        }
                        case COMMA -> {
                            Item t = lookahead(true);
                            if (t.token() != Token.IDENTIFIER && t.token() != Token.DOES_NOT_EXIST) {
                                throw new InvalidSelectorException("found '" + t.literal() + "', expected: identifier after ','");
                            }
                        }
                        default -> throw new InvalidSelectorException(
                                "found '" + after.literal() + "', expected: ',' or 'end of string'");
                    }
                }
                case END_OF_STRING -> {
                    return requirements;
                }
                default -> throw new InvalidSelectorException(
                        "found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement parseRequirement() {
        Operator op = null;
        Item key = consume(true);
        if (key.token() == Token.DOES_NOT_EXIST) {
            op = Operator.DOES_NOT_EXIST;
            key = consume(true);
        }
        if (key.token() != Token.IDENTIFIER) {
            throw new InvalidSelectorException("found '" + key.literal() + "', expected: identifier");
        }
        List<String> keyErrs = LabelValidation.labelKey(key.literal());
        if (!keyErrs.isEmpty()) {
            // the parser has no field path, and Go prints a nil *field.Path as <nil>
            throw new InvalidSelectorException(LabelValidation.invalid("<nil>", key.literal(), String.join("; ", keyErrs)));
        }
        if (op == Operator.DOES_NOT_EXIST) {
            // "!a=b" ends the requirement at "a"; the parse then stumbles on "="
            return requirement(key.literal(), op, List.of());
        }
        Token t = lookahead(true).token();
        if (t == Token.END_OF_STRING || t == Token.COMMA) {
            return requirement(key.literal(), Operator.EXISTS, List.of());
        }
        op = parseOperator();
        List<String> values = op == Operator.IN || op == Operator.NOT_IN ? parseValues() : parseExactValue();
        return requirement(key.literal(), op, values);
    }

    private Operator parseOperator() {
        Item item = consume(false);
        return switch (item.token()) {
            case IN -> Operator.IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case GREATER_THAN -> Operator.GREATER_THAN;
            case LESS_THAN -> Operator.LESS_THAN;
            case NOT_IN -> Operator.NOT_IN;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            default -> throw new InvalidSelectorException("found '" + item.literal() + "', expected: " + BINARY_OPERATORS);
        };
    }

    /** A parenthesised set; upstream reads "()" and "(a,)" as containing "". */
    private List<String> parseValues() {
        Item open = consume(true);
        if (open.token() != Token.OPEN_PAR) {
            throw new InvalidSelectorException("found '" + open.literal() + "' expected: '('");
        }
        Item next = lookahead(true);
        switch (next.token()) {
            case IDENTIFIER, COMMA -> {
                List<String> values = parseIdentifiers();
                if (consume(true).token() != Token.CLOSED_PAR) {
                    // upstream reports the token that opened the list here
                    throw new InvalidSelectorException("found '" + next.literal() + "', expected: ')'");
                }
                return values;
            }
            case CLOSED_PAR -> {
                consume(true);
                return List.of("");
            }
            default -> throw new InvalidSelectorException("found '" + next.literal() + "', expected: ',', ')' or identifier");
        }
    }

    private List<String> parseIdentifiers() {
        TreeSet<String> values = new TreeSet<>(); // sets.String: unique, listed sorted
        while (true) {
            Item item = consume(true);
            switch (item.token()) {
                case IDENTIFIER -> {
                    values.add(item.literal());
                    Item next = lookahead(true);
                    switch (next.token()) {
                        case COMMA -> {
                            // another value follows
                        }
                        case CLOSED_PAR -> {
                            return List.copyOf(values);
                        }
                        default -> throw new InvalidSelectorException("found '" + next.literal() + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (values.isEmpty()) {
                        values.add(""); // "(,"
                    }
                    Token next = lookahead(true).token();
                    if (next == Token.CLOSED_PAR) {
                        values.add(""); // ",)"
                        return List.copyOf(values);
                    }
                    if (next == Token.COMMA) {
                        consume(true);
                        values.add(""); // ",,"
                    }
                }
                default -> throw new InvalidSelectorException("found '" + item.literal() + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> parseExactValue() {
        Token next = lookahead(true).token();
        if (next == Token.END_OF_STRING || next == Token.COMMA) {
            return List.of("");
        }
        Item item = consume(true);
        if (item.token() == Token.IDENTIFIER) {
            return List.of(item.literal());
        }
        throw new InvalidSelectorException("found '" + item.literal() + "', expected: identifier");
    }

    /** In a value position "in" and "notin" are plain identifiers. */
    private Item lookahead(boolean values) {
        return asValue(items.get(position), values);
    }

    private Item consume(boolean values) {
        return asValue(items.get(position++), values);
    }

    private static Item asValue(Item item, boolean values) {
        return values && (item.token() == Token.IN || item.token() == Token.NOT_IN) ? new Item(Token.IDENTIFIER, item.literal()) : item;
    }

    /** strconv.ParseInt(s, 10, 64): ASCII digits with an optional sign, in range; null otherwise. */
    static Long int64(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Go's %#v of the []string upstream passes: {@code []string{"a", "b"}}; an empty one is nil
     * there (LabelSelectorAsSelector copies values with append([]string(nil), ...)).
     */
    private static String goSlice(List<String> values) {
        return values.isEmpty() ? "[]string(nil)"
                : "[]string{" + String.join(", ", values.stream().map(LabelValidation::goQuote).toList()) + "}";
    }

    /** The lexer, over the selector's UTF-8 bytes as Go's is; a NUL byte ends the input there too. */
    private static final class Lexer {
        private final byte[] s;
        private int pos;

        Lexer(byte[] s) {
            this.s = s;
        }

        /** The next byte, or 0 at the end (where, as in Go, the position stays). */
        private int read() {
            return pos < s.length ? s[pos++] & 0xff : 0;
        }

        private void unread() {
            pos--;
        }

        private static boolean whitespace(int c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean special(int c) {
            return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
        }

        Item lex() {
            int c = read();
            while (whitespace(c)) {
                c = read();
            }
            if (c == 0) {
                return new Item(Token.END_OF_STRING, "");
            }
            unread();
            return special(c) ? scanSpecial() : scanIdentifierOrKeyword();
        }

        private Item scanIdentifierOrKeyword() {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            while (true) {
                int c = read();
                if (c == 0) {
                    break;
                }
                if (special(c) || whitespace(c)) {
                    unread();
                    break;
                }
                buffer.write(c);
            }
            String literal = buffer.toString(StandardCharsets.UTF_8);
            Token keyword = KEYWORDS.get(literal);
            return new Item(keyword != null ? keyword : Token.IDENTIFIER, literal);
        }

        /** The longest operator the special characters spell: "!=" over "!", "==" over "=". */
        private Item scanSpecial() {
            StringBuilder buffer = new StringBuilder();
            Item last = null;
            while (true) {
                int c = read();
                if (c == 0) {
                    break;
                }
                if (!special(c)) {
                    unread();
                    break;
                }
                buffer.append((char) c);
                Token t = KEYWORDS.get(buffer.toString());
                if (t != null) {
                    last = new Item(t, buffer.toString());
                } else if (last != null) {
                    unread();
                    break;
                }
            }
            return last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + buffer + "'");
        }
    }
}
