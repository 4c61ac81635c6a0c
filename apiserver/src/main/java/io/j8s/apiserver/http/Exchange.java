package io.j8s.apiserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.proto.KubeProtobuf;
import io.j8s.api.proto.MalformedBodyException;
import io.j8s.api.proto.UnknownFormatException;
import io.j8s.apiserver.StatusException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its response, used in blocking style on the request's own virtual thread:
 * query parameters, the body (bounded), and JSON/YAML/Status answers.
 */
public final class Exchange {

    /** Upstream's limit on a request body: 3 MiB. */
    public static final int MAX_BODY = 3 * 1024 * 1024;

    /** Bodies over the limit are still read this far, so the client is there to get its 413. */
    private static final long DRAIN = 16L * 1024 * 1024;

    private static final String UNKNOWN_FORMAT = "the body of the request was in an unknown format - accepted media types"
            + " include: application/json, application/yaml, application/vnd.kubernetes.protobuf";

    private final Request request;
    private final Response response;
    private final Fields query;
    private int status = 200;

    public Exchange(Request request, Response response) {
        this.request = request;
        this.response = response;
        try {
            this.query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw StatusException.badRequest("malformed query string");
        }
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getDecodedPath();
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    public String query(String name) {
        Fields.Field f = query.get(name);
        return f == null ? null : f.getValue();
    }

    /** Every value of a repeated query parameter ({@code command=a&command=b}), in order. */
    public java.util.List<String> queryAll(String name) {
        Fields.Field f = query.get(name);
        return f == null ? java.util.List.of() : java.util.List.copyOf(f.getValues());
    }

    public String query(String name, String fallback) {
        String v = query(name);
        return v == null ? fallback : v;
    }

    public boolean queryFlag(String name) {
        return RequestInfo.isWatch(query(name));
    }

    public long queryLong(String name, long fallback) {
        String v = query(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid value for " + name + ": \"" + v + "\"");
        }
    }

    private byte[] body;

    public int status() {
        return status;
    }

    /** The body, at most {@link #MAX_BODY} bytes, as valid UTF-8 (protobuf bodies excepted); read once. */
    public byte[] body() {
        if (body == null) body = readBody();
        return body;
    }

    private byte[] readBody() {
        long declared = request.getLength();
        try (InputStream in = Request.asInputStream(request)) {
            if (declared > MAX_BODY) {
                drain(in);
                throw tooLarge();
            }
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                drain(in);
                throw tooLarge();
            }
            if (!contentType().startsWith(KubeProtobuf.MEDIA_TYPE)) {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            }
            return b;
        } catch (CharacterCodingException e) {
            throw StatusException.badRequest("the request body is not valid UTF-8");
        } catch (IOException e) {
            throw StatusException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    private static void drain(InputStream in) throws IOException {
        long left = DRAIN;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0 && in.read() < 0) return;
            left -= Math.max(n, 1);
        }
    }

    private static StatusException tooLarge() {
        return StatusException.tooLarge("Request entity too large: limit is " + MAX_BODY);
    }

    /** Parses the body as JSON, or YAML when the content type says so; an object is required. */
    public ObjectNode bodyObject() {
        byte[] b = body();
        String type = contentType();
        JsonNode node;
        try {
            if (type.startsWith(KubeProtobuf.MEDIA_TYPE)) {
                // What kubectl 1.32+ sends for its typed commands (create configmap, secret, …).
                node = KubeProtobuf.decode(b);
            } else if (type.contains("yaml")) {
                node = Json.YAML.readTree(b);
            } else if (type.isEmpty() || type.contains("json")) {
                node = Json.MAPPER.readTree(b);
            } else {
                throw StatusException.unsupportedMediaType(UNKNOWN_FORMAT);
            }
        } catch (UnknownFormatException e) {
            throw StatusException.unsupportedMediaType(UNKNOWN_FORMAT);
        } catch (MalformedBodyException e) {
            throw StatusException.badRequest("the body of the request could not be decoded: " + e.getMessage());
        } catch (StreamConstraintsException e) {
            throw StatusException.badRequest("the request body nests too deeply (limit " + Json.MAX_DEPTH + ")");
        } catch (JsonProcessingException e) {
            throw StatusException.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw StatusException.badRequest("the body of the request could not be decoded: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode o)) {
            throw StatusException.badRequest("the body of the request must be a JSON object");
        }
        return o;
    }

    public String contentType() {
        String t = header("Content-Type");
        return t == null ? "" : t.toLowerCase(java.util.Locale.ROOT);
    }

    public void respond(int code, JsonNode body) {
        respond(code, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public void respondYaml(int code, JsonNode body) {
        try {
            respond(code, "application/yaml", Json.YAML.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void respondText(int code, String contentType, String text) {
        respond(code, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public void respond(int code, String contentType, byte[] body) {
        status = code;
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        write(true, ByteBuffer.wrap(body));
    }

    public void respondStatus(StatusException e) {
        respond(e.code(), e.toStatus());
    }

    /** Starts a streamed response (watch): headers now, chunks later. */
    public void startStream(String contentType) {
        status = 200;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
    }

    /** Writes and waits until the bytes are handed to the network. */
    public void write(boolean last, ByteBuffer bytes) {
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(last, bytes, cb);
            cb.block();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    public void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    /** The client went away while we wrote. */
    public static final class ClientGoneException extends RuntimeException {
        ClientGoneException(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
