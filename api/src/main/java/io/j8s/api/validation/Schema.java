package io.j8s.api.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.j8s.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kind's schema as the fabric8 model class declares it, read through Jackson's own bean
 * introspection (so names are exactly what the decoder accepts). Used for strict field
 * validation: the fields of a body no property accepts.
 */
final class Schema {

    private Schema() {}

    /** What a JSON value may hold at one place in the schema. */
    private sealed interface Shape permits Bean, Items, Entries, Opaque {}

    /** An object with a fixed set of properties. */
    private record Bean(Map<String, JavaType> properties) implements Shape {}

    /** A list of one element type. */
    private record Items(JavaType element) implements Shape {}

    /** A map with arbitrary keys (labels, data, resource lists); only its values have a shape. */
    private record Entries(JavaType value) implements Shape {}

    /** A scalar, or anything-goes (custom deserializer, Object, a raw extension). */
    private record Opaque() implements Shape {}

    private static final Map<JavaType, Shape> SHAPES = new ConcurrentHashMap<>();
    private static final DeserializationConfig CONFIG = Json.MAPPER.getDeserializationConfig();
    private static final AnnotationIntrospector INTROSPECTOR = CONFIG.getAnnotationIntrospector();

    static List<String> unknownFields(Class<?> type, JsonNode body) {
        List<String> out = new ArrayList<>();
        walk(CONFIG.constructType(type), body, "", out);
        return out;
    }

    private static void walk(JavaType type, JsonNode node, String path, List<String> out) {
        if (node == null || node.isNull()) return;
        switch (shape(type)) {
            case Bean b -> {
                if (!node.isObject()) return;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    JavaType t = b.properties().get(e.getKey());
                    if (t == null) out.add(p);
                    else walk(t, e.getValue(), p, out);
                }
            }
            case Items i -> {
                if (!node.isArray()) return;
                for (int k = 0; k < node.size(); k++) walk(i.element(), node.get(k), path + "[" + k + "]", out);
            }
            case Entries m -> {
                if (!node.isObject()) return;
                for (Map.Entry<String, JsonNode> e : node.properties()) walk(m.value(), e.getValue(), path + "." + e.getKey(), out);
            }
            case Opaque o -> { }
        }
    }

    private static Shape shape(JavaType type) {
        Shape s = SHAPES.get(type);
        if (s == null) {
            s = compute(type);
            SHAPES.put(type, s);
        }
        return s;
    }

    private static Shape compute(JavaType type) {
        if (type.isContainerType()) {
            if (type.isMapLikeType()) return new Entries(type.getContentType());
            return new Items(type.getContentType());
        }
        Class<?> raw = type.getRawClass();
        if (raw.isPrimitive() || raw.isEnum() || raw.getName().startsWith("java.") || JsonNode.class.isAssignableFrom(raw)
                || raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            return new Opaque();
        }
        BeanDescription desc = CONFIG.introspect(type);
        // Quantity, IntOrString and friends decode through their own deserializers.
        if (custom(INTROSPECTOR.findDeserializer(desc.getClassInfo()))) return new Opaque();
        Map<String, JavaType> props = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : desc.findProperties()) {
            if (!p.couldDeserialize()) continue;
            AnnotatedMember m = p.getPrimaryMember();
            // A property with its own deserializer (times, durations) takes what it likes.
            props.put(p.getName(), m != null && custom(INTROSPECTOR.findDeserializer(m))
                    ? CONFIG.constructType(Object.class) : p.getPrimaryType());
        }
        // A model class with no properties of its own (FieldsV1, RawExtension) holds free-form JSON.
        if (props.isEmpty()) return new Opaque();
        return new Bean(Collections.unmodifiableMap(props));
    }

    private static boolean custom(Object deserializer) {
        return deserializer != null && deserializer != JsonDeserializer.None.class;
    }

    /** The paths of fields that appear twice in the same object of a JSON or YAML body. */
    static List<String> duplicateFields(byte[] body) {
        List<String> out = new ArrayList<>();
        JsonFactory factory = looksLikeJson(body) ? Json.MAPPER.getFactory() : Json.YAML.getFactory();
        try (JsonParser p = factory.createParser(body)) {
            Deque<Frame> stack = new ArrayDeque<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT -> stack.push(new Frame(childPath(stack), new HashSet<>(), false));
                    case START_ARRAY -> stack.push(new Frame(childPath(stack), null, true));
                    case END_OBJECT, END_ARRAY -> {
                        stack.pop();
                        advance(stack);
                    }
                    case FIELD_NAME -> {
                        Frame f = stack.peek();
                        f.field = p.currentName();
                        String path = f.path.isEmpty() ? f.field : f.path + "." + f.field;
                        if (!f.seen.add(f.field)) out.add(path);
                    }
                    default -> advance(stack);
                }
            }
        } catch (IOException e) {
            // A body that does not parse fails elsewhere; duplicates up to there are reported.
            if (!(e instanceof com.fasterxml.jackson.core.JsonProcessingException)) throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Where one container stands while its children are read. */
    private static final class Frame {
        final String path;
        final Set<String> seen;
        final boolean array;
        String field;
        int index;

        Frame(String path, Set<String> seen, boolean array) {
            this.path = path;
            this.seen = seen;
            this.array = array;
        }
    }

    private static String childPath(Deque<Frame> stack) {
        Frame parent = stack.peek();
        if (parent == null) return "";
        if (parent.array) return parent.path + "[" + parent.index + "]";
        return parent.path.isEmpty() ? parent.field : parent.path + "." + parent.field;
    }

    /** A value ended: in an array, the next element gets the next index. */
    private static void advance(Deque<Frame> stack) {
        Frame f = stack.peek();
        if (f != null && f.array) f.index++;
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) return b == '{' || b == '[';
        }
        return true;
    }
}
