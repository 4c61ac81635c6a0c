package io.j8s.api.validation;

import java.util.List;

/**
 * Upstream's name and label syntax checks (k8s.io/apimachinery/pkg/util/validation) for use
 * outside this package: selectors validate their keys and values with the same rules and
 * messages as objects do.
 */
public final class Syntax {

    private Syntax() {}

    /** What is wrong with a label key (IsQualifiedName); empty when it is valid. */
    public static List<String> qualifiedName(String value) {
        return Names.qualifiedName(value);
    }

    /** What is wrong with a label value (IsValidLabelValue); empty when it is valid. */
    public static List<String> labelValue(String value) {
        return Names.labelValue(value);
    }

    /** Go's {@code %q} of a string, as upstream's messages quote values. */
    public static String goQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('"').toString();
    }
}
