package io.j8s.apiserver.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static bearer tokens ({@code Authorization: Bearer <token>}): the node token, and the tokens
 * of an upstream-format {@code --token-auth-file}.
 *
 * <p>Tokens are kept by their SHA-256 only. Looking a digest up compares digests, so the time a
 * lookup takes tells an attacker nothing about how close a guess came to a real token; and a
 * heap dump holds no token.
 */
public final class TokenAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticator.class);

    private final Map<String, UserInfo> usersByDigest;

    /** @param tokens each token and who it authenticates as */
    public TokenAuthenticator(Map<String, UserInfo> tokens) {
        var byDigest = new HashMap<String, UserInfo>();
        tokens.forEach((token, user) -> byDigest.put(digest(token), UserInfo.authenticated(user.name(), user.groups(),
                user.uid())));
        this.usersByDigest = Map.copyOf(byDigest);
    }

    @Override
    public Optional<UserInfo> authenticate(Request request) {
        return bearerToken(request).map(token -> usersByDigest.get(digest(token)));
    }

    /** The token of an {@code Authorization: Bearer} header, as upstream's bearertoken authenticator reads it. */
    static Optional<String> bearerToken(Request request) {
        var header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null) {
            return Optional.empty();
        }
        var parts = header.strip().split(" ", 3);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    /**
     * Reads a static token file in kube-apiserver's {@code --token-auth-file} format: one
     * {@code token,user,uid,"group1,group2"} a line, groups optional. Blank lines and lines
     * starting with {@code #} are skipped; a later duplicate token wins, with a warning, as upstream.
     */
    public static Map<String, UserInfo> readTokenFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        var tokens = new LinkedHashMap<String, UserInfo>();
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var fields = csvFields(line);
            if (fields.size() < 3 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": want token,user,uid[,\"group,...\"]");
            }
            var groups = fields.size() > 3 && !fields.get(3).isEmpty()
                    ? Arrays.stream(fields.get(3).split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList()
                    : List.<String>of();
            if (tokens.put(fields.get(0), new UserInfo(fields.get(1), groups, fields.get(2))) != null) {
                LOG.warn("{}:{}: duplicate token; this line wins", file, i + 1);
            }
        }
        return tokens;
    }

    /** Splits one CSV record: commas separate fields, double quotes enclose commas, {@code ""} is a quote. */
    static List<String> csvFields(String line) {
        var fields = new ArrayList<String>();
        var field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().strip());
        return fields;
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
