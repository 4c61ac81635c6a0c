package io.j8s.api.openapi;

import io.j8s.api.BuiltinResources;
import java.util.Optional;
import java.util.function.Function;

/**
 * The OpenAPI documents kube-apiserver serves, for the kinds j8s serves, generated from their
 * fabric8 model classes: {@code /openapi/v2} (Swagger 2.0, JSON), {@code /openapi/v3} (the index)
 * and {@code /openapi/v3/<group-version>} (OpenAPI 3.0). kubectl reads them for {@code explain},
 * to learn that the server validates fields itself ({@code fieldValidation}), and for the
 * merge keys of {@code apply}.
 *
 * <p>The documents are built on first use and never change; each is a compact JSON string, with
 * a hash to serve as its ETag (upstream's: SHA-512, upper-case hex).
 */
public final class OpenApi {

    /** What client-go's Accept asks {@code /openapi/v2} for (the only form it reads). */
    public static final String V2_PROTOBUF_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /**
     * The Content-Type to answer it with, and the other name upstream accepts for it: Go's MIME
     * parser refuses the "@" of the requested one in a response.
     */
    public static final String V2_PROTOBUF_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private OpenApi() {}

    /** Built once, on first use (the holder idiom makes that thread-safe without a lock). */
    private static final class Holder {
        static final Documents DOCUMENTS = Documents.build(BuiltinResources.all());
    }

    /** The Swagger 2.0 document of every group-version. */
    public static String v2() {
        return Holder.DOCUMENTS.v2();
    }

    public static String v2Hash() {
        return Holder.DOCUMENTS.v2Hash();
    }

    /**
     * {@link #v2()} in gnostic's protobuf form ({@link #V2_PROTOBUF_CONTENT_TYPE}), what kubectl's discovery
     * client asks for. Encoded on first use; each call returns a fresh copy.
     */
    public static byte[] v2Protobuf() {
        return ProtobufHolder.V2.clone();
    }

    /** Only older kubectl releases ask for protobuf, so it is encoded separately, when asked. */
    private static final class ProtobufHolder {
        static final byte[] V2 = SwaggerProtobuf.encode(Holder.DOCUMENTS.v2());
    }

    /**
     * The OpenAPI 3.0 document of one group-version.
     *
     * @param groupVersion as under {@code /openapi/v3/}: "api/v1", "apis/apps/v1"; or as an
     *     apiVersion: "v1", "apps/v1"
     * @return empty if no served group-version has that name
     */
    public static Optional<String> v3(String groupVersion) {
        return Holder.DOCUMENTS.v3(indexPath(groupVersion));
    }

    /** The hash of {@link #v3(String)}'s document, which its URL in the index carries. */
    public static Optional<String> v3Hash(String groupVersion) {
        return Holder.DOCUMENTS.v3Hash(indexPath(groupVersion));
    }

    /**
     * The {@code /openapi/v3} index: {@code {"paths": {"apis/apps/v1": {"serverRelativeURL":
     * "/openapi/v3/apis/apps/v1?hash=…"}, …}}}, with the documents' own hashes.
     */
    public static String v3Index() {
        return v3Index(path -> Holder.DOCUMENTS.v3Hash(path).orElseThrow());
    }

    /**
     * The index with the hashes {@code hashFor} gives each path ("api/v1", "apis/apps/v1"), for
     * a server that computes its ETags another way.
     */
    public static String v3Index(Function<String, String> hashFor) {
        return Holder.DOCUMENTS.v3Index(hashFor);
    }

    private static String indexPath(String groupVersion) {
        String gv = groupVersion.startsWith("/") ? groupVersion.substring(1) : groupVersion;
        if (gv.startsWith("api/") || gv.startsWith("apis/")) return gv;
        return gv.contains("/") ? "apis/" + gv : "api/" + gv;
    }
}
