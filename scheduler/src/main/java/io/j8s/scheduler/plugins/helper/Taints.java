package io.j8s.scheduler.plugins.helper;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.function.Predicate;

/** Upstream's toleration matching (v1helper.TolerationsTolerateTaint and friends). */
public final class Taints {

    private Taints() {}

    /** Toleration.ToleratesTaint: effect and key match when set; Equal compares values, Exists does not. */
    public static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) return false;
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) return false;
        String op = t.getOperator() == null ? "" : t.getOperator();
        return switch (op) {
            case "", "Equal" -> nonNull(t.getValue()).equals(nonNull(taint.getValue()));
            case "Exists" -> true;
            default -> false;
        };
    }

    public static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) return false;
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) return true;
        }
        return false;
    }

    /** The first taint that {@code inScope} selects and no toleration tolerates, or null. */
    public static Taint findUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> inScope) {
        if (taints == null) return null;
        for (Taint taint : taints) {
            if (inScope.test(taint) && !tolerated(tolerations, taint)) return taint;
        }
        return null;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
