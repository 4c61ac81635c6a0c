package io.j8s.api.proto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.j8s.api.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A parsed Kubernetes protobuf message as the JSON tree Go's encoding/json would print for the
 * same object: .proto names are JSON names (save {@link FieldRules}' exceptions), repeated fields
 * are arrays, maps are objects, bytes are base64, and the apimachinery types with their own JSON
 * form (IntOrString, Quantity, Time, …) take it.
 */
final class ProtoJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";

    /** Go named slice types ({@code type ExtraValue []string}): protobuf wraps them, JSON does not. */
    private static final List<String> STRING_LISTS = List.of(
            META + "Verbs",
            "k8s.io.api.authentication.v1.ExtraValue",
            "k8s.io.api.authorization.v1.ExtraValue",
            "k8s.io.api.certificates.v1.ExtraValue");

    private ProtoJson() {}

    static ObjectNode object(Message m) {
        ObjectNode out = NODES.objectNode();
        writeFields(m, out);
        return out;
    }

    private static void writeFields(Message m, ObjectNode out) {
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            String name = FieldRules.jsonName(f);
            if (f.isMapField()) {
                out.set(name, map(f, (List<?>) e.getValue()));
                continue;
            }
            if (f.isRepeated()) {
                ArrayNode a = out.putArray(name);
                for (Object v : (List<?>) e.getValue()) a.add(orNull(single(f, v)));
                continue;
            }
            if (FieldRules.inline(f)) {
                writeFields((Message) e.getValue(), out);
                continue;
            }
            boolean scalar = f.getJavaType() != FieldDescriptor.JavaType.MESSAGE;
            // a zero may be here only because gogo writes every non-pointer field; see FieldRules
            if (scalar && isZero(e.getValue()) && !FieldRules.printsZero(f)) continue;
            JsonNode v = single(f, e.getValue());
            if (v != null) out.set(name, v);
        }
    }

    private static ObjectNode map(FieldDescriptor f, List<?> entries) {
        Descriptor entry = f.getMessageType();
        FieldDescriptor keyField = entry.findFieldByNumber(1);
        FieldDescriptor valueField = entry.findFieldByNumber(2);
        ObjectNode o = NODES.objectNode();
        for (Object e : entries) {
            Message m = (Message) e;
            String key = String.valueOf(m.getField(keyField));
            // an entry without a value is a Go map entry holding the zero value
            o.set(key, orNull(single(valueField, m.getField(valueField))));
        }
        return o;
    }

    /** One value; null when Go would print {@code null} for it (a zero Time), which JSON callers omit. */
    private static JsonNode single(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case MESSAGE -> message((Message) v);
            case STRING -> NODES.textNode((String) v);
            case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case INT -> unsigned32(f) ? NODES.numberNode(Integer.toUnsignedLong((Integer) v)) : NODES.numberNode((Integer) v);
            case LONG -> number(f, (Long) v);
            case FLOAT -> NODES.numberNode((Float) v);
            case DOUBLE -> NODES.numberNode((Double) v);
            case ENUM -> NODES.textNode(((EnumValueDescriptor) v).getName());
        };
    }

    private static JsonNode message(Message m) {
        String type = m.getDescriptorForType().getFullName();
        return switch (type) {
            case INT_OR_STRING -> intOrString(m);
            case QUANTITY -> NODES.textNode((String) field(m, "string", ""));
            case META + "Time" -> m.getAllFields().isEmpty() ? null : NODES.textNode(GoFormats.time((Long) field(m, "seconds", 0L)));
            case META + "MicroTime" -> m.getAllFields().isEmpty() ? null
                    : NODES.textNode(GoFormats.microTime((Long) field(m, "seconds", 0L), (Integer) field(m, "nanos", 0)));
            case META + "Duration" -> NODES.textNode(GoFormats.duration((Long) field(m, "duration", 0L)));
            case RAW_EXTENSION -> rawJson((ByteString) field(m, "raw", ByteString.EMPTY), true);
            case META + "FieldsV1" -> rawJson((ByteString) field(m, "Raw", ByteString.EMPTY), false);
            default -> STRING_LISTS.contains(type) ? stringList(m) : object(m);
        };
    }

    /** Go's IntOrString: type 0 prints intVal (even 0), type 1 prints strVal. */
    private static JsonNode intOrString(Message m) {
        long type = (Long) field(m, "type", 0L);
        if (type == 0) return NODES.numberNode((Integer) field(m, "intVal", 0));
        if (type == 1) return NODES.textNode((String) field(m, "strVal", ""));
        throw new MalformedBodyException("impossible IntOrString.Type " + type, null);
    }

    private static ArrayNode stringList(Message m) {
        ArrayNode a = NODES.arrayNode();
        FieldDescriptor items = m.getDescriptorForType().findFieldByName("items");
        for (Object v : (List<?>) m.getField(items)) a.add((String) v);
        return a;
    }

    /**
     * RawExtension and FieldsV1 carry JSON that Go prints verbatim. A RawExtension may instead
     * carry a nested protobuf envelope (an object encoded by a protobuf client), read as such.
     */
    private static JsonNode rawJson(ByteString raw, boolean mayNest) {
        if (raw.isEmpty()) return null;
        byte[] b = raw.toByteArray();
        if (mayNest && KubeProtobuf.hasMagic(b)) return KubeProtobuf.decode(b);
        try {
            return Json.MAPPER.readTree(b);
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("embedded raw JSON does not parse: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedBodyException("embedded raw JSON does not parse: " + e.getMessage(), e);
        }
    }

    private static Object field(Message m, String name, Object zero) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        return f != null && m.hasField(f) ? m.getField(f) : zero;
    }

    private static JsonNode number(FieldDescriptor f, long v) {
        if (unsigned64(f) && v < 0) return NODES.numberNode(new BigInteger(Long.toUnsignedString(v)));
        // what Jackson's parser makes of the same digits, so trees compare equal
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    private static boolean unsigned32(FieldDescriptor f) {
        return f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32;
    }

    private static boolean unsigned64(FieldDescriptor f) {
        return f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64;
    }

    private static boolean isZero(Object v) {
        return switch (v) {
            case String s -> s.isEmpty();
            case ByteString b -> b.isEmpty();
            case Boolean b -> !b;
            case Integer i -> i == 0;
            case Long l -> l == 0;
            case Float x -> x == 0;
            case Double x -> x == 0;
            case EnumValueDescriptor e -> e.getNumber() == 0;
            default -> false;
        };
    }

    private static JsonNode orNull(JsonNode v) {
        return v == null ? NODES.nullNode() : v;
    }
}
