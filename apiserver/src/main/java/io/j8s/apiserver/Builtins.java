package io.j8s.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.ResourceType;
import io.j8s.api.defaults.Defaults;
import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.api.patch.PatchException;
import io.j8s.api.patch.PatchType;
import io.j8s.api.patch.Patches;
import io.j8s.api.selector.FieldSelector;
import io.j8s.api.selector.FieldSelectors;
import io.j8s.api.selector.InvalidSelectorException;
import io.j8s.api.selector.LabelSelector;
import io.j8s.api.table.TablePrinter;
import io.j8s.api.validation.Validation;
import io.j8s.apiserver.http.Hooks;
import io.j8s.apiserver.registry.ObjectRules;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The built-in kinds' knowledge from the {@code api} module, plugged into the server's seams. */
public final class Builtins {

    private Builtins() {}

    public static ObjectRules rules(DefaultsConfig config) {
        Defaults defaults = new Defaults(config);
        return new ObjectRules() {
            @Override
            public void applyDefaults(ResourceType type, ObjectNode obj, ObjectNode old) {
                if (old == null) defaults.apply(type, obj);
                else defaults.applyOnUpdate(type, obj, old);
            }

            @Override
            public List<FieldError> validateCreate(ResourceType type, ObjectNode obj) {
                return Validation.validateCreate(type, obj);
            }

            @Override
            public List<FieldError> validateUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
                return Validation.validateUpdate(type, obj, old);
            }

            @Override
            public List<String> unknownFields(ResourceType type, JsonNode body) {
                return Validation.unknownFields(type, body);
            }
        };
    }

    public static Hooks hooks(Clock clock) {
        TablePrinter printer = new TablePrinter(clock);
        Hooks.Patcher patcher = (contentType, type, current, patch) -> {
            try {
                return Patches.apply(PatchType.forContentType(contentType), type, current, patch);
            } catch (PatchException e) {
                throw new StatusException(e.code(), e.reason(), e.getMessage(), null, null, List.of());
            }
        };
        Hooks.Selectors selectors = (type, labels, fields) -> {
            try {
                LabelSelector l = labels == null || labels.isEmpty() ? LabelSelector.everything() : LabelSelector.parse(labels);
                FieldSelector f = fields == null || fields.isEmpty() ? FieldSelector.everything()
                        : FieldSelectors.check(type, FieldSelector.parse(fields));
                Predicate<ObjectNode> byFields = o -> FieldSelectors.matches(type, f, o);
                if (l.isEmpty()) return f.isEmpty() ? o -> true : byFields;
                Predicate<ObjectNode> byLabels = o -> l.matches(labels(o));
                return f.isEmpty() ? byLabels : byLabels.and(byFields);
            } catch (InvalidSelectorException e) {
                throw new StatusException(e.code(), e.reason(), e.getMessage(), null, null, List.of());
            }
        };
        Hooks.Tables tables = (type, objects, include, withColumns) -> {
            TablePrinter.IncludeObject mode;
            try {
                mode = TablePrinter.IncludeObject.parse(include);
            } catch (IllegalArgumentException e) {
                throw StatusException.badRequest(e.getMessage());
            }
            ObjectNode table = printer.table(type, objects, mode, TablePrinter.ListMeta.of(""));
            // Watch events after the first carry rows only, as upstream's do.
            if (!withColumns) table.remove("columnDefinitions");
            return table;
        };
        return new Hooks(patcher, selectors, tables);
    }

    private static Map<String, String> labels(ObjectNode o) {
        JsonNode l = o.path("metadata").path("labels");
        if (!l.isObject() || l.isEmpty()) return Map.of();
        Map<String, String> m = new java.util.HashMap<>();
        l.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
