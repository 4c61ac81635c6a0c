package io.j8s.api.selector;

import io.j8s.api.validation.Syntax;
import java.util.List;

/** Label key and value checks for selectors: the same rules and messages objects are validated with. */
final class LabelValidation {

    private LabelValidation() {}

    /** What is wrong with a label key (IsQualifiedName); empty when it is valid. */
    static List<String> labelKey(String value) {
        return Syntax.qualifiedName(value);
    }

    /** What is wrong with a label value (IsValidLabelValue); empty when it is valid. */
    static List<String> labelValue(String value) {
        return Syntax.labelValue(value);
    }

    /** field.Invalid(path, value, detail).Error(). */
    static String invalid(String path, String value, String detail) {
        return path + ": Invalid value: " + goQuote(value) + ": " + detail;
    }

    /** Go's %q of a string. */
    static String goQuote(String s) {
        return Syntax.goQuote(s);
    }
}
