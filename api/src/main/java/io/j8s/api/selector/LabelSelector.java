package io.j8s.api.selector;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A label selector as apimachinery's labels.Selector: an AND of requirements on label keys. Parsed
 * from upstream's string syntax ({@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)},
 * {@code a notin (x)}, {@code a}, {@code !a}, {@code a>1}, {@code a<1}, comma-separated) or made
 * from a {@code metav1.LabelSelector}.
 */
public final class LabelSelector {

    /** selection.Operator, with upstream's spelling of each. */
    public enum Operator {
        IN("in"), NOT_IN("notin"), EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="),
        GREATER_THAN("gt"), LESS_THAN("lt"), EXISTS("exists"), DOES_NOT_EXIST("!");

        private final String spelling;

        Operator(String spelling) {
            this.spelling = spelling;
        }

        /** As selection.Operator spells it: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!". */
        public String spelling() {
            return spelling;
        }
    }

    /**
     * One condition on a label, as labels.Requirement.
     *
     * @param values for IN and NOT_IN any number (parsed selectors sort and dedupe them), one for
     *     the equality and comparison operators, none for EXISTS and DOES_NOT_EXIST
     */
    public record Requirement(String key, Operator operator, List<String> values) {

        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
        }

        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN, EQUALS, DOUBLE_EQUALS -> value != null && values.contains(value);
                case NOT_IN, NOT_EQUALS -> value == null || !values.contains(value);
                case EXISTS -> labels.containsKey(key);
                case DOES_NOT_EXIST -> !labels.containsKey(key);
                case GREATER_THAN, LESS_THAN -> value != null && values.size() == 1 && compares(value, values.getFirst());
            };
        }

        /** Both sides must parse as int64, as upstream's strconv.ParseInt; otherwise no match. */
        private boolean compares(String label, String bound) {
            Long have = LabelSelectorParser.int64(label);
            Long want = LabelSelectorParser.int64(bound);
            if (have == null || want == null) {
                return false;
            }
            return operator == Operator.GREATER_THAN ? have > want : have < want;
        }

        /** Upstream's Requirement.String: {@code !a}, {@code a=b}, {@code a in (x,y)}, {@code a>1}. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            if (operator == Operator.DOES_NOT_EXIST) {
                b.append('!');
            }
            b.append(key);
            switch (operator) {
                case EXISTS, DOES_NOT_EXIST -> {
                    return b.toString();
                }
                case IN, NOT_IN -> b.append(' ').append(operator.spelling).append(" (");
                case GREATER_THAN -> b.append('>');
                case LESS_THAN -> b.append('<');
                default -> b.append(operator.spelling);
            }
            b.append(values.size() == 1 ? values.getFirst() : values.stream().sorted().collect(Collectors.joining(",")));
            return (operator == Operator.IN || operator == Operator.NOT_IN ? b.append(')') : b).toString();
        }
    }

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        // sorted by key, as upstream sorts them for a deterministic string form
        this.requirements = requirements.stream().sorted(Comparator.comparing(Requirement::key)).toList();
        this.nothing = nothing;
    }

    /** Matches every set of labels: the empty selector, or an empty metav1.LabelSelector. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** Matches no set of labels: what a null metav1.LabelSelector selects. */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /**
     * Parses upstream's selector syntax; the empty string selects everything.
     *
     * @throws InvalidSelectorException with upstream's message, e.g.
     *     {@code unable to parse requirement: found '', expected: in, notin, =, ==, !=, gt, lt}
     */
    public static LabelSelector parse(String selector) {
        return new LabelSelector(LabelSelectorParser.parse(selector), false);
    }

    /** Selects labels equal to all of {@code set}'s (labels.SelectorFromSet); empty selects everything. */
    public static LabelSelector fromSet(Map<String, String> set) {
        if (set == null || set.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new TreeMap<>(set).entrySet().stream()
                .map(e -> new Requirement(e.getKey(), Operator.EQUALS, List.of(e.getValue()))).toList();
        return new LabelSelector(reqs, false);
    }

    /**
     * metav1.LabelSelectorAsSelector: null selects nothing, an empty selector everything, else
     * matchLabels and matchExpressions ANDed.
     *
     * @throws InvalidSelectorException for an invalid key, value or operator, with upstream's message
     */
    public static LabelSelector fromMeta(io.fabric8.kubernetes.api.model.LabelSelector meta) {
        if (meta == null) {
            return NOTHING;
        }
        Map<String, String> matchLabels = meta.getMatchLabels() == null ? Map.of() : meta.getMatchLabels();
        List<LabelSelectorRequirement> expressions = meta.getMatchExpressions() == null ? List.of() : meta.getMatchExpressions();
        if (matchLabels.isEmpty() && expressions.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        new TreeMap<>(matchLabels).forEach((k, v) -> reqs.add(LabelSelectorParser.requirement(k, Operator.EQUALS, List.of(v))));
        for (LabelSelectorRequirement e : expressions) {
            Operator op = switch (e.getOperator() == null ? "" : e.getOperator()) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                default -> throw new InvalidSelectorException(
                        LabelValidation.goQuote(String.valueOf(e.getOperator())) + " is not a valid label selector operator");
            };
            List<String> values = e.getValues() == null ? List.of() : e.getValues();
            reqs.add(LabelSelectorParser.requirement(e.getKey() == null ? "" : e.getKey(), op, values));
        }
        return new LabelSelector(reqs, false);
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> set = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(set));
    }

    /** Whether this selector does not restrict the selection (upstream's Empty()); false for {@link #nothing()}. */
    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    /** Whether this is {@link #nothing()} (upstream's MatchesNothing). */
    public boolean matchesNothing() {
        return nothing;
    }

    /** The requirements, sorted by key. */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** The one value {@code label} must have, if the selector pins it (=, == or a one-value in). */
    public Optional<String> requiresExactMatch(String label) {
        for (Requirement r : requirements) {
            if (r.key().equals(label)) {
                boolean exact = r.operator() == Operator.EQUALS || r.operator() == Operator.DOUBLE_EQUALS || r.operator() == Operator.IN;
                return exact && r.values().size() == 1 ? Optional.of(r.values().getFirst()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Upstream's String(): the requirements joined by commas; empty for everything and nothing. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector other && nothing == other.nothing && requirements.equals(other.requirements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requirements, nothing);
    }
}
