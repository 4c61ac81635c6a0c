package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * A list or watch request's options, as metav1.ListOptions.
 *
 * @param filter the label and field selectors, combined
 * @param selective whether a selector was given (upstream omits remainingItemCount then)
 * @param resourceVersion "" (most recent), "0" (any), or a revision
 * @param resourceVersionMatch "", "NotOlderThan" or "Exact"
 */
public record ListOptions(Predicate<ObjectNode> filter, boolean selective, long limit, String continueToken,
                          String resourceVersion, String resourceVersionMatch) {

    public static ListOptions everything() {
        return new ListOptions(o -> true, false, 0, "", "", "");
    }
}
