package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import io.j8s.api.Json;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** ConfigMaps, Secrets and ServiceAccounts. */
final class ConfigValidation {

    private ConfigValidation() {}

    static final int MAX_SECRET_SIZE = 1024 * 1024;
    private static final String IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set";

    static List<FieldError> configMap(JsonNode cm) {
        List<FieldError> errs = MetaValidation.objectMeta(cm, true, NameRule.DNS1123_SUBDOMAIN);
        long total = 0;
        Map<String, String> binary = Tree.strings(cm, "binaryData");
        for (Map.Entry<String, String> e : Tree.strings(cm, "data").entrySet()) {
            String p = "data[" + e.getKey() + "]";
            Names.configMapKey(e.getKey()).forEach(m -> errs.add(Errs.invalid(p, e.getKey(), m)));
            if (binary.containsKey(e.getKey())) errs.add(Errs.invalid(p, e.getKey(), "duplicate of key present in binaryData"));
            total += e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            String p = "binaryData[" + e.getKey() + "]";
            Names.configMapKey(e.getKey()).forEach(m -> errs.add(Errs.invalid(p, e.getKey(), m)));
            byte[] bytes = decode(e.getValue());
            if (bytes == null) errs.add(Errs.invalid(p, "<binary data redacted>", "illegal base64 data"));
            else total += bytes.length;
        }
        // Upstream reports the whole object with an empty path.
        if (total > MAX_SECRET_SIZE) errs.add(Errs.tooLong("", MAX_SECRET_SIZE));
        return errs;
    }

    static List<FieldError> configMapUpdate(JsonNode cm, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(cm, old);
        errs.addAll(immutableContents(cm, old, List.of("data", "binaryData")));
        errs.addAll(configMap(cm).stream().filter(e -> !e.field().startsWith("metadata.")).toList());
        return errs;
    }

    static List<FieldError> secret(JsonNode s) {
        List<FieldError> errs = MetaValidation.objectMeta(s, true, NameRule.DNS1123_SUBDOMAIN);
        long total = 0;
        Map<String, String> data = Tree.strings(s, "data");
        for (Map.Entry<String, String> e : data.entrySet()) {
            String p = "data[" + e.getKey() + "]";
            Names.configMapKey(e.getKey()).forEach(m -> errs.add(Errs.invalid(p, e.getKey(), m)));
            byte[] bytes = decode(e.getValue());
            // Upstream fails to decode such a body (400); here it is a field error.
            if (bytes == null) errs.add(Errs.invalid(p, "<secret contents redacted>", "illegal base64 data"));
            else total += bytes.length;
        }
        if (total > MAX_SECRET_SIZE) errs.add(Errs.tooLong("data", MAX_SECRET_SIZE));
        switch (Tree.str(s, "type")) {
            case "kubernetes.io/service-account-token" -> {
                if (Tree.str(s, "metadata", "annotations", "kubernetes.io/service-account.name").isEmpty()) {
                    errs.add(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
                }
            }
            case "kubernetes.io/dockercfg" -> errs.addAll(jsonKey(data, ".dockercfg"));
            case "kubernetes.io/dockerconfigjson" -> errs.addAll(jsonKey(data, ".dockerconfigjson"));
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    errs.add(FieldError.required("data[username]", ""));
                    errs.add(FieldError.required("data[password]", ""));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                byte[] key = decode(data.getOrDefault("ssh-privatekey", ""));
                if (key == null || key.length == 0) errs.add(FieldError.required("data[ssh-privatekey]", ""));
            }
            case "kubernetes.io/tls" -> {
                if (!data.containsKey("tls.crt")) errs.add(FieldError.required("data[tls.crt]", ""));
                if (!data.containsKey("tls.key")) errs.add(FieldError.required("data[tls.key]", ""));
            }
            default -> { }
        }
        return errs;
    }

    private static List<FieldError> jsonKey(Map<String, String> data, String key) {
        String p = "data[" + key + "]";
        if (!data.containsKey(key)) return List.of(FieldError.required(p, ""));
        byte[] bytes = decode(data.get(key));
        try {
            JsonNode n = Json.MAPPER.readTree(bytes == null ? new byte[0] : bytes);
            if (n == null || !n.isObject()) throw new IOException("unexpected end of JSON input");
        } catch (IOException e) {
            return List.of(Errs.invalid(p, "<secret contents redacted>", "unexpected end of JSON input"));
        }
        return List.of();
    }

    static List<FieldError> secretUpdate(JsonNode s, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(s, old);
        if (!Tree.str(s, "type").equals(Tree.str(old, "type"))) errs.add(Errs.immutable("type", Tree.str(s, "type")));
        errs.addAll(immutableContents(s, old, List.of("data")));
        errs.addAll(secret(s).stream().filter(e -> !e.field().startsWith("metadata.")).toList());
        return errs;
    }

    private static List<FieldError> immutableContents(JsonNode obj, JsonNode old, List<String> fields) {
        List<FieldError> errs = new ArrayList<>();
        if (!Tree.bool(old, "immutable")) return errs;
        if (!Tree.bool(obj, "immutable")) errs.add(FieldError.forbidden("immutable", IMMUTABLE_WHEN_SET));
        for (String f : fields) {
            if (!Diff.equal(Tree.at(obj, f), Tree.at(old, f))) errs.add(FieldError.forbidden(f, IMMUTABLE_WHEN_SET));
        }
        return errs;
    }

    static List<FieldError> serviceAccount(JsonNode sa) {
        return MetaValidation.objectMeta(sa, true, NameRule.DNS1123_SUBDOMAIN);
    }

    /** Go's base64 decoding, which skips line breaks. */
    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.replace("\r", "").replace("\n", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
