package io.j8s.api.proto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kubernetes.client.proto.Runtime.Unknown;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads Kubernetes' protobuf wire format ({@value #MEDIA_TYPE}) into the JSON tree the same
 * object would have been as JSON. kubectl's typed commands ({@code kubectl create deployment},
 * {@code create configmap}, …) send their bodies this way and do not retry as JSON on a 415, so
 * the API server, which works on JSON trees, translates them on the way in.
 *
 * <p>A body is the envelope upstream's protobuf serializer writes: the 4 bytes {@code k8s\0},
 * then a {@code runtime.Unknown} whose typeMeta names the kind and whose raw bytes are the
 * object's own message.
 */
public final class KubeProtobuf {

    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private KubeProtobuf() {}

    /**
     * The object in {@code body}, with {@code apiVersion} and {@code kind} from the envelope.
     *
     * @throws UnknownFormatException the envelope names no kind, or one without a protobuf schema
     *     here (answer 415)
     * @throws MalformedBodyException the bytes are not a Kubernetes protobuf envelope or do not
     *     parse as the kind they name (answer 400)
     */
    public static ObjectNode decode(byte[] body) {
        if (!hasMagic(body)) {
            throw new MalformedBodyException("provided data does not appear to be a protobuf message, expected prefix "
                    + Arrays.toString(MAGIC), null);
        }
        Unknown envelope;
        try {
            envelope = Unknown.parseFrom(ByteBuffer.wrap(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedBodyException("the protobuf envelope does not parse: " + e.getMessage(), e);
        }
        String apiVersion = envelope.getTypeMeta().getApiVersion();
        String kind = envelope.getTypeMeta().getKind();
        if (!envelope.getContentEncoding().isEmpty()) {
            // upstream's serializer never sets it; nothing says what an encoding would mean
            throw new UnknownFormatException(apiVersion, kind);
        }
        Descriptor type = ProtoSchemas.find(apiVersion, kind).orElseThrow(() -> new UnknownFormatException(apiVersion, kind));
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(type, envelope.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedBodyException("the body does not parse as " + kind + " (" + apiVersion + "): " + e.getMessage(), e);
        }
        ObjectNode fields = ProtoJson.object(message);
        ObjectNode out = fields.objectNode();
        out.put("kind", kind).put("apiVersion", apiVersion);
        out.setAll(fields);
        return out;
    }

    /** Whether {@code body} starts with the envelope's magic bytes. */
    static boolean hasMagic(byte[] body) {
        return body.length >= MAGIC.length && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }
}
