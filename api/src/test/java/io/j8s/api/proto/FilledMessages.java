package io.j8s.api.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime.TypeMeta;
import io.kubernetes.client.proto.Runtime.Unknown;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Messages with every field set, to show Go's JSON encoder each one: either all to their zero
 * value ({@code ""}, {@code 0}, {@code false}) or all to a non-zero one. Repeated fields get one
 * element, maps one entry under key {@code "k"}. A message type already on the path is left out,
 * so recursive types end. The apimachinery types with their own encoding get a value Go accepts.
 */
final class FilledMessages {

    static final String MAP_KEY = "k";

    private FilledMessages() {}

    static DynamicMessage fill(Descriptor type, boolean zero) {
        return fill(type, zero, new HashSet<>());
    }

    /** {@code message} in the envelope kubectl expects: {@code k8s\0} + runtime.Unknown. */
    static byte[] envelope(String apiVersion, String kind, Message message) {
        byte[] unknown = Unknown.newBuilder()
                .setTypeMeta(TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(message.toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build()
                .toByteArray();
        byte[] out = new byte[unknown.length + 4];
        System.arraycopy("k8s\0".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
        System.arraycopy(unknown, 0, out, 4, unknown.length);
        return out;
    }

    /** Whether the walk treats a message type as a leaf with its own JSON form. */
    static boolean special(Descriptor d) {
        return switch (d.getFullName()) {
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
                    "k8s.io.apimachinery.pkg.api.resource.Quantity",
                    "k8s.io.apimachinery.pkg.apis.meta.v1.Time",
                    "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime",
                    "k8s.io.apimachinery.pkg.apis.meta.v1.Duration",
                    "k8s.io.apimachinery.pkg.runtime.RawExtension",
                    "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1",
                    "k8s.io.apimachinery.pkg.apis.meta.v1.Verbs",
                    "k8s.io.api.authentication.v1.ExtraValue",
                    "k8s.io.api.authorization.v1.ExtraValue",
                    "k8s.io.api.certificates.v1.ExtraValue" -> true;
            default -> false;
        };
    }

    private static DynamicMessage fill(Descriptor type, boolean zero, Set<String> path) {
        if (special(type)) return specialValue(type, zero);
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        path.add(type.getFullName());
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField()
                    && path.contains(f.getMessageType().getFullName())) {
                continue;
            }
            if (f.isMapField()) {
                Descriptor entry = f.getMessageType();
                DynamicMessage.Builder e = DynamicMessage.newBuilder(entry);
                e.setField(entry.findFieldByNumber(1), MAP_KEY);
                e.setField(entry.findFieldByNumber(2), value(entry.findFieldByNumber(2), zero, path));
                b.addRepeatedField(f, e.build());
            } else if (f.isRepeated()) {
                b.addRepeatedField(f, value(f, zero, path));
            } else {
                b.setField(f, value(f, zero, path));
            }
        }
        path.remove(type.getFullName());
        return b.build();
    }

    private static Object value(FieldDescriptor f, boolean zero, Set<String> path) {
        return switch (f.getJavaType()) {
            case MESSAGE -> fill(f.getMessageType(), zero, path);
            case STRING -> zero ? "" : "x";
            case BYTE_STRING -> zero ? ByteString.EMPTY : ByteString.copyFromUtf8("x");
            case BOOLEAN -> !zero;
            case INT -> zero ? 0 : 1;
            case LONG -> zero ? 0L : 1L;
            case FLOAT -> zero ? 0f : 1f;
            case DOUBLE -> zero ? 0d : 1d;
            case ENUM -> f.getEnumType().getValues().get(0);
        };
    }

    private static DynamicMessage specialValue(Descriptor type, boolean zero) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        switch (type.getName()) {
            case "IntOrString" -> b.setField(type.findFieldByName("type"), 0L).setField(type.findFieldByName("intVal"), zero ? 0 : 1);
            // Go parses a Quantity while decoding; an empty one would fail the whole body
            case "Quantity" -> b.setField(type.findFieldByName("string"), "1");
            case "Time", "MicroTime" -> b.setField(type.findFieldByName("seconds"), 1L);
            case "Duration" -> b.setField(type.findFieldByName("duration"), zero ? 0L : 1L);
            case "RawExtension" -> b.setField(type.findFieldByName("raw"), ByteString.copyFromUtf8("{}"));
            case "FieldsV1" -> b.setField(type.findFieldByName("Raw"), ByteString.copyFromUtf8("{}"));
            default -> b.addRepeatedField(type.findFieldByName("items"), "x");
        }
        return b.build();
    }
}
