package io.j8s.apiserver.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's {@code --token-auth-file}: static bearer tokens, one CSV record a line,
 * {@code token,user,uid[,"group1,group2"]}. As upstream: fewer than three columns is an error
 * naming the line; an empty token, or a token seen before, is skipped with a warning.
 */
public final class TokenFile {

    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

    private TokenFile() {}

    public static Map<String, UserInfo> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
        Map<String, UserInfo> tokens = new LinkedHashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (line.isBlank()) continue;
            List<String> record = csv(line, file, n);
            if (record.size() < 3) {
                throw new IllegalArgumentException("token file '" + file + "' must have at least 3 columns (token, user name, user uid),"
                        + " found " + record.size());
            }
            String token = record.get(0);
            if (token.isEmpty()) {
                LOG.warn("empty token has been found in token file '{}', record number '{}'", file, n);
                continue;
            }
            if (tokens.containsKey(token)) {
                LOG.warn("duplicate token has been found in token file '{}', record number '{}'", file, n);
                continue;
            }
            List<String> groups = record.size() > 3 && !record.get(3).isEmpty()
                    ? Arrays.stream(record.get(3).split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList()
                    : List.of();
            tokens.put(token, new UserInfo(record.get(1), groups, record.get(2)));
        }
        return tokens;
    }

    /** One record of RFC 4180 CSV on one line, leading spaces of fields trimmed (Go's TrimLeadingSpace). */
    static List<String> csv(String line, Path file, int n) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length() && line.charAt(i) == ' ') i++;
            StringBuilder field = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) throw new IllegalArgumentException("token file '" + file + "', line " + n + ": extraneous or missing \" in quoted-field");
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("token file '" + file + "', line " + n + ": extraneous or missing \" in quoted-field");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') field.append(line.charAt(i++));
            }
            fields.add(field.toString());
            if (i >= line.length()) return fields;
            i++; // the comma
        }
    }
}
