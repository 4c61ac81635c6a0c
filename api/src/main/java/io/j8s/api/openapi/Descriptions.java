package io.j8s.api.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Short descriptions of the kinds and of their most used fields, which {@code kubectl explain}
 * prints. fabric8's classes carry none, so they are written by hand in
 * {@code descriptions.properties}, keyed by definition name and {@code definition.field}.
 */
final class Descriptions {

    private static final String API_VERSION = "APIVersion is the versioned schema of this object, e.g. \"apps/v1\";"
            + " servers convert recognized schemas to the latest internal value and may reject unrecognized ones.";
    private static final String KIND = "Kind is the REST resource this object represents, in CamelCase, e.g."
            + " \"Deployment\". Cannot be updated.";

    private final Properties text = new Properties();

    private Descriptions() {}

    static Descriptions load() {
        Descriptions d = new Descriptions();
        try (InputStream in = Descriptions.class.getResourceAsStream("descriptions.properties")) {
            if (in == null) throw new IllegalStateException("descriptions.properties is missing");
            d.text.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    String ofType(String definition) {
        return text.getProperty(definition);
    }

    /** The field's own description, else the one every top-level kind (or list) shares for it. */
    String ofField(String definition, String field, boolean topLevel, boolean list) {
        String own = text.getProperty(definition + "." + field);
        if (own != null || !topLevel) return own;
        String kind = UpstreamNames.simple(definition);
        return switch (field) {
            case "apiVersion" -> API_VERSION;
            case "kind" -> KIND;
            case "metadata" -> list ? "Standard list metadata: resourceVersion and continue token."
                    : "Standard object's metadata: name, namespace, labels, annotations, owner references.";
            case "spec" -> "The desired behavior of this " + kind + ".";
            case "status" -> "The most recently observed status of this " + kind + ". Populated by the system. Read-only.";
            case "items" -> "The list of " + kind.substring(0, kind.length() - "List".length()) + " objects.";
            default -> null;
        };
    }
}
