package io.j8s.api.validation;

import io.j8s.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Upstream's name and string formats ({@code k8s.io/apimachinery/pkg/util/validation}), each
 * returning upstream's messages, so callers wrap them into field errors exactly as upstream does.
 */
final class Names {

    private Names() {}

    static final int DNS1123_LABEL_MAX = 63;
    static final int DNS1123_SUBDOMAIN_MAX = 253;

    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    private static final String CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
    private static final String PERCENT_FMT = "[0-9]+%";
    private static final String HTTP_HEADER_NAME_FMT = "[-A-Za-z0-9]+";
    private static final String ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";

    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile(CONFIG_MAP_KEY_FMT);
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
    private static final Pattern HTTP_HEADER_NAME = Pattern.compile(HTTP_HEADER_NAME_FMT);
    private static final Pattern ENV_VAR_NAME = Pattern.compile(ENV_VAR_NAME_FMT);
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
    private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*", Pattern.DOTALL);

    static final String DNS1123_LABEL_MSG = regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character", DNS1123_LABEL_FMT, "my-name", "123-abc");
    static final String DNS1123_SUBDOMAIN_MSG = regexError("a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            DNS1123_SUBDOMAIN_FMT, "example.com");
    static final String DNS1035_LABEL_MSG = regexError("a DNS-1035 label must consist of lower case alphanumeric characters "
            + "or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_LABEL_FMT, "my-name", "abc-123");
    private static final String QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";

    /** Upstream's RegexError, double space before "or" included. */
    static String regexError(String msg, String fmt, String... examples) {
        if (examples.length == 0) return msg + " (regex used for validation is '" + fmt + "')";
        StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) b.append(" or ");
            b.append('\'').append(examples[i]).append("', ");
        }
        return b.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    static String maxLenError(int n) {
        return "must be no more than " + n + " characters";
    }

    static String inclusiveRangeError(long lo, long hi) {
        return "must be between " + lo + " and " + hi + ", inclusive";
    }

    static List<String> dns1123Label(String v) {
        List<String> errs = new ArrayList<>();
        if (v.length() > DNS1123_LABEL_MAX) errs.add(maxLenError(DNS1123_LABEL_MAX));
        if (!DNS1123_LABEL.matcher(v).matches()) {
            // A valid subdomain that is not a label (its length already checked) has dots.
            errs.add(DNS1123_SUBDOMAIN.matcher(v).matches() ? "must not contain dots" : DNS1123_LABEL_MSG);
        }
        return errs;
    }

    static List<String> dns1123Subdomain(String v) {
        List<String> errs = new ArrayList<>();
        if (v.length() > DNS1123_SUBDOMAIN_MAX) errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
        if (!DNS1123_SUBDOMAIN.matcher(v).matches()) errs.add(DNS1123_SUBDOMAIN_MSG);
        return errs;
    }

    static List<String> dns1035Label(String v) {
        List<String> errs = new ArrayList<>();
        if (v.length() > DNS1123_LABEL_MAX) errs.add(maxLenError(DNS1123_LABEL_MAX));
        if (!DNS1035_LABEL.matcher(v).matches()) errs.add(DNS1035_LABEL_MSG);
        return errs;
    }

    /** A label key, annotation key, finalizer: {@code [prefix/]name}. */
    static List<String> qualifiedName(String v) {
        List<String> errs = new ArrayList<>();
        String[] parts = v.split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) errs.add("prefix part must be non-empty");
                else dns1123Subdomain(prefix).forEach(m -> errs.add("prefix part " + m));
            }
            default -> {
                errs.add("a qualified name " + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
            }
        }
        if (name.isEmpty()) errs.add("name part must be non-empty");
        else if (name.length() > 63) errs.add("name part " + maxLenError(63));
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            errs.add("name part " + regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    static List<String> labelValue(String v) {
        List<String> errs = new ArrayList<>();
        if (v.length() > 63) errs.add(maxLenError(63));
        if (!LABEL_VALUE.matcher(v).matches()) {
            errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character", LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    static List<String> configMapKey(String v) {
        List<String> errs = new ArrayList<>();
        if (v.length() > DNS1123_SUBDOMAIN_MAX) errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
        if (!CONFIG_MAP_KEY.matcher(v).matches()) {
            errs.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
        }
        errs.addAll(chDirPrefix(v));
        return errs;
    }

    static List<String> envVarName(String v) {
        List<String> errs = new ArrayList<>();
        if (!ENV_VAR_NAME.matcher(v).matches()) {
            errs.add(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', "
                    + "or '.', and must not start with a digit", ENV_VAR_NAME_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }
        errs.addAll(chDirPrefix(v));
        return errs;
    }

    static List<String> portName(String v) {
        List<String> errs = new ArrayList<>();
        if (v.length() > 15) errs.add(maxLenError(15));
        if (!PORT_NAME_CHARSET.matcher(v).matches()) errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        if (!ONE_LETTER.matcher(v).matches()) errs.add("must contain at least one letter (a-z)");
        if (v.contains("--")) errs.add("must not contain consecutive hyphens");
        if (!v.isEmpty() && (v.charAt(0) == '-' || v.charAt(v.length() - 1) == '-')) errs.add("must not begin or end with a hyphen");
        return errs;
    }

    static List<String> portNum(long port) {
        return 1 <= port && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    static List<String> percent(String v) {
        return PERCENT.matcher(v).matches() ? List.of()
                : List.of(regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, "1%", "93%"));
    }

    static List<String> httpHeaderName(String v) {
        return HTTP_HEADER_NAME.matcher(v).matches() ? List.of()
                : List.of(regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_NAME_FMT, "X-Header-Name"));
    }

    /** Names of kinds stored under a path segment only (RBAC): anything a URL can carry. */
    static List<String> pathSegment(String v, boolean prefix) {
        if (!prefix) {
            if (v.equals(".") || v.equals("..")) return List.of("may not be '" + v + "'");
        }
        List<String> errs = new ArrayList<>();
        if (v.contains("/")) errs.add("may not contain '/'");
        if (v.contains("%")) errs.add("may not contain '%'");
        return errs;
    }

    private static List<String> chDirPrefix(String v) {
        if (v.equals(".")) return List.of("must not be '.'");
        if (v.equals("..")) return List.of("must not be '..'");
        if (v.startsWith("..")) return List.of("must not start with '..'");
        return List.of();
    }

    // Field-error forms, as upstream's ValidateDNS1123Label and friends.

    static List<FieldError> validateDns1123Label(String value, String path) {
        return dns1123Label(value).stream().map(m -> Errs.invalid(path, value, m)).toList();
    }

    static List<FieldError> validateDns1123Subdomain(String value, String path) {
        return dns1123Subdomain(value).stream().map(m -> Errs.invalid(path, value, m)).toList();
    }

    static List<FieldError> validateQualifiedName(String value, String path) {
        return qualifiedName(value).stream().map(m -> Errs.invalid(path, value, m)).toList();
    }

    static List<FieldError> validatePortNumOrName(com.fasterxml.jackson.databind.JsonNode port, String path) {
        if (port.isNumber() || port.isMissingNode() || port.isNull()) {
            long p = port.asLong(0);
            return portNum(p).stream().map(m -> Errs.invalid(path, p, m)).toList();
        }
        String s = port.asText();
        return portName(s).stream().map(m -> Errs.invalid(path, s, m)).toList();
    }
}
