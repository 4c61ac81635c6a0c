package io.j8s.apiserver.tls;

import java.nio.file.Path;

/** Files that hold a credential: written whole (atomically) and readable by their owner only (0600). */
public final class SecretFiles {

    private SecretFiles() {}

    public static void write(Path file, String content) {
        Pem.writeSecret(file, content);
    }
}
