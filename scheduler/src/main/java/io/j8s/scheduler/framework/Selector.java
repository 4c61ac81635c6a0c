package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled label selector: requirements ANDed. {@link #of(LabelSelector)} follows upstream's
 * LabelSelectorAsSelector: a null selector matches nothing, an empty one everything.
 */
public final class Selector {

    public enum Op { In, NotIn, Exists, DoesNotExist }

    public record Requirement(String key, Op op, Set<String> values) {
        public Requirement {
            values = Set.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            String v = labels == null ? null : labels.get(key);
            return switch (op) {
                case In -> v != null && values.contains(v);
                case NotIn -> v == null || !values.contains(v);
                case Exists -> v != null;
                case DoesNotExist -> v == null;
            };
        }
    }

    public static final Selector EVERYTHING = new Selector(List.of(), false);
    public static final Selector NOTHING = new Selector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private Selector(List<Requirement> requirements, boolean nothing) {
        this.requirements = List.copyOf(requirements);
        this.nothing = nothing;
    }

    public static Selector of(LabelSelector s) {
        if (s == null) return NOTHING;
        List<Requirement> reqs = new ArrayList<>();
        if (s.getMatchLabels() != null) {
            s.getMatchLabels().forEach((k, v) -> reqs.add(new Requirement(k, Op.In, Set.of(v))));
        }
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                Op op = switch (r.getOperator()) {
                    case "In" -> Op.In;
                    case "NotIn" -> Op.NotIn;
                    case "Exists" -> Op.Exists;
                    case "DoesNotExist" -> Op.DoesNotExist;
                    default -> null;
                };
                if (op == null) return NOTHING; // the API validates operators; an unknown one selects nothing
                reqs.add(new Requirement(r.getKey(), op, r.getValues() == null ? Set.of() : Set.copyOf(r.getValues())));
            }
        }
        return reqs.isEmpty() ? EVERYTHING : new Selector(reqs, false);
    }

    /** Equality on every entry (a nodeSelector, a service's selector). */
    public static Selector ofMap(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) return EVERYTHING;
        List<Requirement> reqs = new ArrayList<>();
        labels.forEach((k, v) -> reqs.add(new Requirement(k, Op.In, Set.of(v))));
        return new Selector(reqs, false);
    }

    /** This selector with more requirements. */
    public Selector and(List<Requirement> more) {
        if (nothing || more.isEmpty()) return this;
        List<Requirement> all = new ArrayList<>(requirements);
        all.addAll(more);
        return new Selector(all, false);
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) return false;
        for (Requirement r : requirements) {
            if (!r.matches(labels)) return false;
        }
        return true;
    }

    public boolean isEverything() {
        return !nothing && requirements.isEmpty();
    }

    public boolean isNothing() {
        return nothing;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    @Override
    public String toString() {
        return nothing ? "<nothing>" : requirements.toString();
    }
}
