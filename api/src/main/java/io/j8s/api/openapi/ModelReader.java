package io.j8s.api.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads fabric8 model classes into {@link Definition}s. Every fabric8 property is a field
 * annotated with {@code @JsonProperty} (the name Jackson reads and writes), so the fields are
 * read directly: the same names as Jackson's bean introspection at half its cost, which matters
 * because the API server builds these documents on its first OpenAPI request.
 */
final class ModelReader {

    private final Descriptions descriptions;
    /** Every definition read so far, by upstream name. */
    private final SortedMap<String, Definition> definitions = new TreeMap<>();
    /** The class each definition was read from; two classes with one upstream name is a bug. */
    private final Map<String, Class<?>> readFrom = new HashMap<>();

    ModelReader(Descriptions descriptions) {
        this.descriptions = descriptions;
        // The apimachinery types whose JSON is not their Go struct's: fabric8's classes for them
        // (Quantity's amount/format, IntOrString's intVal/strVal) describe Java, not the wire.
        for (Definition d : List.of(
                Definition.scalar(UpstreamNames.TIME, Definition.Form.DATE_TIME, descriptions.ofType(UpstreamNames.TIME)),
                Definition.scalar(UpstreamNames.MICRO_TIME, Definition.Form.DATE_TIME, descriptions.ofType(UpstreamNames.MICRO_TIME)),
                Definition.scalar(UpstreamNames.QUANTITY, Definition.Form.QUANTITY, descriptions.ofType(UpstreamNames.QUANTITY)),
                Definition.scalar(UpstreamNames.INT_OR_STRING, Definition.Form.INT_OR_STRING,
                        descriptions.ofType(UpstreamNames.INT_OR_STRING)),
                Definition.scalar(UpstreamNames.RAW_EXTENSION, Definition.Form.FREE_OBJECT,
                        descriptions.ofType(UpstreamNames.RAW_EXTENSION)),
                Definition.scalar(UpstreamNames.PATCH, Definition.Form.FREE_OBJECT, descriptions.ofType(UpstreamNames.PATCH)))) {
            definitions.put(d.name(), d);
        }
    }

    SortedMap<String, Definition> definitions() {
        return definitions;
    }

    /** Reads {@code type} and everything it references; returns its upstream name. */
    String read(Class<?> type) {
        String name = UpstreamNames.of(type);
        Class<?> before = readFrom.putIfAbsent(name, type);
        if (before != null && before != type) {
            throw new IllegalStateException(type.getName() + " and " + before.getName() + " are both " + name);
        }
        // Already read, being read (a type reaching itself), or one of the wire-special types.
        if (before != null || definitions.containsKey(name)) return name;
        boolean list = KubernetesResourceList.class.isAssignableFrom(type);
        boolean topLevel = list || HasMetadata.class.isAssignableFrom(type);
        SortedMap<String, Definition.Property> properties = new TreeMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                JsonProperty json = f.getAnnotation(JsonProperty.class);
                if (json == null || Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)) continue;
                String prop = json.value().isEmpty() ? f.getName() : json.value();
                Shape shape = KnownFields.shape(name, prop, f.getType()).orElseGet(() -> shapeOf(f.getGenericType()));
                properties.putIfAbsent(prop, new Definition.Property(prop, shape,
                        descriptions.ofField(name, prop, topLevel, list), KnownFields.extensions(name, prop)));
            }
        }
        List<String> required = KnownFields.required(name).stream().filter(properties::containsKey).toList();
        if (list && properties.containsKey("items")) required = List.of("items");
        definitions.put(name, new Definition(name, Definition.Form.OBJECT, descriptions.ofType(name), properties, required, List.of()));
        return name;
    }

    void addGvk(String name, Definition.Gvk gvk) {
        definitions.computeIfPresent(name, (n, d) -> d.withGvk(gvk));
    }

    private Shape shapeOf(Type type) {
        if (type instanceof WildcardType w) return shapeOf(w.getUpperBounds()[0]);
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) return new Shape.ArrayOf(shapeOf(args[0]));
            if (Map.class.isAssignableFrom(raw)) return new Shape.MapOf(shapeOf(args[1]));
            return shapeOf(raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c == char.class || c == Character.class) return Shape.STRING;
        if (c == Integer.class || c == int.class || c == Short.class || c == short.class) return Shape.INT32;
        if (c == Long.class || c == long.class) return Shape.INT64;
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) return Shape.DOUBLE;
        if (c == Boolean.class || c == boolean.class) return Shape.BOOLEAN;
        // fabric8 models the MicroTimes of coordination/v1 Lease as java.time types.
        if (Temporal.class.isAssignableFrom(c)) return new Shape.Ref(UpstreamNames.MICRO_TIME);
        if (c.isArray()) return c.getComponentType() == byte.class ? Shape.BYTES : new Shape.ArrayOf(shapeOf(c.getComponentType()));
        if (Collection.class.isAssignableFrom(c)) return new Shape.ArrayOf(new Shape.Ref(UpstreamNames.RAW_EXTENSION));
        // Untyped (Object) and interface-typed fields hold an embedded object of any kind.
        if (c == Object.class || c.isInterface() || Map.class.isAssignableFrom(c)) {
            return new Shape.Ref(UpstreamNames.RAW_EXTENSION);
        }
        return new Shape.Ref(read(c));
    }
}
