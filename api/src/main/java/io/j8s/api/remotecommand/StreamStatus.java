package io.j8s.api.remotecommand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a command ended, as the server writes it on the error stream: the {@code metav1.Status}
 * of upstream's remotecommand server. Success, or Failure with reason {@code NonZeroExitCode}
 * and one cause of type {@code ExitCode} whose message is the code, or any other failure (an
 * internal error, the kubelet's refusal) with its reason, message and code.
 *
 * @param status "Success" or "Failure"
 * @param code the HTTP-like code of a failure; 0 when there is none (exit codes have none)
 */
public record StreamStatus(String status, String message, String reason, List<Cause> causes, int code) {

    public static final String SUCCESS = "Success";
    public static final String FAILURE = "Failure";
    /** upstream's {@code remotecommand.NonZeroExitCodeReason}. */
    public static final String NON_ZERO_EXIT_CODE = "NonZeroExitCode";
    /** upstream's {@code remotecommand.ExitCodeCauseType}. */
    public static final String EXIT_CODE = "ExitCode";

    /** A {@code metav1.StatusCause}; its {@code reason} is Go's {@code Type}. */
    public record Cause(String reason, String message) {}

    public StreamStatus {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        reason = reason == null ? "" : reason;
        causes = List.copyOf(causes);
    }

    public static StreamStatus success() {
        return new StreamStatus(SUCCESS, "", "", List.of(), 0);
    }

    /** A command that exited with {@code exitCode} ≠ 0, in the words of Go's {@code exec.ExitError}. */
    public static StreamStatus exitCode(int exitCode) {
        return exitCode(exitCode, "exit status " + exitCode);
    }

    /** As upstream: "command terminated with non-zero exit code: {@code detail}". */
    public static StreamStatus exitCode(int exitCode, String detail) {
        if (exitCode == 0) throw new IllegalArgumentException("exit code 0 is a success");
        return new StreamStatus(FAILURE, "command terminated with non-zero exit code: " + detail, NON_ZERO_EXIT_CODE,
                List.of(new Cause(EXIT_CODE, Integer.toString(exitCode))), 0);
    }

    /** upstream's {@code apierrors.NewInternalError(err)}. */
    public static StreamStatus internalError(String error) {
        return new StreamStatus(FAILURE, "Internal error occurred: " + error, "InternalError", List.of(new Cause("", error)), 500);
    }

    public static StreamStatus failure(int code, String reason, String message) {
        return new StreamStatus(FAILURE, message, reason, List.of(), code);
    }

    public boolean isSuccess() {
        return SUCCESS.equals(status);
    }

    /** The command's exit code: 0 on success, the ExitCode cause of a NonZeroExitCode failure. */
    public OptionalInt exitCode() {
        if (isSuccess()) return OptionalInt.of(0);
        if (!NON_ZERO_EXIT_CODE.equals(reason)) return OptionalInt.empty();
        for (Cause c : causes) {
            if (EXIT_CODE.equals(c.reason())) {
                try {
                    return OptionalInt.of(Integer.parseInt(c.message()));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    /** The JSON Go's {@code json.Marshal(metav1.Status)} writes: no kind, empty metadata, omitted empties. */
    public byte[] toJson() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("metadata");
        s.put("status", status);
        if (!message.isEmpty()) s.put("message", message);
        if (!reason.isEmpty()) s.put("reason", reason);
        if (!causes.isEmpty()) {
            ArrayNode cs = s.putObject("details").putArray("causes");
            for (Cause c : causes) {
                ObjectNode o = cs.addObject();
                if (!c.reason().isEmpty()) o.put("reason", c.reason());
                if (!c.message().isEmpty()) o.put("message", c.message());
            }
        }
        if (code != 0) s.put("code", code);
        try {
            return Json.MAPPER.writeValueAsBytes(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What goes on the error stream in {@code version}: the JSON from v4 on; before, the message
     * of a failure and nothing at all for a success.
     */
    public byte[] forErrorStream(ProtocolVersion version) {
        if (version.statusAsJson()) return toJson();
        return isSuccess() ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a Status written on the error stream.
     *
     * @throws IllegalArgumentException if {@code json} is not a Status
     */
    public static StreamStatus parse(byte[] json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("error stream protocol error: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject() || !n.path("status").isTextual()) {
            throw new IllegalArgumentException("error stream protocol error: not a Status: "
                    + new String(json, StandardCharsets.UTF_8));
        }
        List<Cause> causes = new ArrayList<>();
        for (JsonNode c : n.path("details").path("causes")) {
            causes.add(new Cause(c.path("reason").asText(""), c.path("message").asText("")));
        }
        return new StreamStatus(n.path("status").asText(), n.path("message").asText(""), n.path("reason").asText(""),
                causes, n.path("code").asInt(0));
    }
}
