package io.j8s.apiserver.auth;

import io.j8s.apiserver.tls.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared secret agents join the cluster with ({@code <data-dir>/node-token}), in k3s's
 * shape: {@code J10<ca-hash>::node:<secret>}.
 *
 * <p>The CA hash is the SHA-256 of the cluster CA's public key (SubjectPublicKeyInfo, as
 * kubeadm's {@code --discovery-token-ca-cert-hash}). An agent given only a server URL and this
 * token fetches {@code /cacerts} without verifying it, then trusts what it got only if the hash
 * matches: the token carries the trust anchor, so no CA file need be copied to nodes.
 *
 * <p>The token does not name a node. As a bearer token it authenticates as
 * {@link #BOOTSTRAP_USER} (group {@code system:bootstrappers}), which may ask
 * {@link NodeBootstrapHandler} to sign a client certificate for {@code system:node:<name>}; the
 * agent then acts under that certificate — upstream's kubelet TLS bootstrap in one call, as k3s
 * does it.
 */
public record NodeToken(String caHash, String secret) {

    public static final String PREFIX = "J10";
    static final String SEPARATOR = "::node:";
    static final String BOOTSTRAPPERS = "system:bootstrappers";

    /** Who a request bearing the node token is: able to bootstrap a node, nothing more once RBAC is on. */
    public static final UserInfo BOOTSTRAP_USER =
            UserInfo.authenticated("system:bootstrap:node-token", List.of(BOOTSTRAPPERS), "");

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Logger LOG = LoggerFactory.getLogger(NodeToken.class);

    public NodeToken {
        Objects.requireNonNull(caHash, "caHash");
        Objects.requireNonNull(secret, "secret");
        if (!HASH.matcher(caHash).matches()) {
            throw new IllegalArgumentException("a node token's CA hash is 64 lowercase hex digits");
        }
        if (secret.isEmpty() || secret.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("a node token's secret is printable ASCII without spaces");
        }
    }

    /** The token as it is written to the file and sent as {@code Authorization: Bearer <value>}. */
    public String value() {
        return PREFIX + caHash + SEPARATOR + secret;
    }

    /** The bearer tokens it is accepted as: the whole token, or (as k3s allows) just its secret. */
    public Map<String, UserInfo> bearerTokens() {
        return Map.of(value(), BOOTSTRAP_USER, secret, BOOTSTRAP_USER);
    }

    public static NodeToken parse(String text) {
        var token = text.strip();
        if (!token.startsWith(PREFIX) || !token.contains(SEPARATOR)) {
            throw new IllegalArgumentException("not a node token (" + PREFIX + "<ca-hash>" + SEPARATOR + "<secret>)");
        }
        int separator = token.indexOf(SEPARATOR);
        return new NodeToken(token.substring(PREFIX.length(), separator), token.substring(separator + SEPARATOR.length()));
    }

    /**
     * The node token in {@code file}, made at the first start with a fresh secret and kept after
     * it; if the CA changed, the secret stays and the hash is brought up to date.
     */
    public static NodeToken loadOrCreate(Path file, X509Certificate ca) {
        var hash = caHash(ca);
        if (Files.exists(file)) {
            NodeToken existing;
            try {
                existing = parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            if (existing.caHash().equals(hash)) {
                return existing;
            }
            LOG.warn("The cluster CA changed since {} was written; updating its CA hash, keeping its secret", file);
            var updated = new NodeToken(hash, existing.secret());
            SecretFiles.write(file, updated.value() + "\n");
            return updated;
        }
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        var created = new NodeToken(hash, HexFormat.of().formatHex(bytes));
        SecretFiles.write(file, created.value() + "\n");
        LOG.info("Wrote the node token to {}", file);
        return created;
    }

    /** SHA-256 of the CA's SubjectPublicKeyInfo, lowercase hex. */
    public static String caHash(X509Certificate ca) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
