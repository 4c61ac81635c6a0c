package io.j8s.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The build's version and the Kubernetes API version j8s serves, from the filtered resource. */
public record VersionInfo(String j8sVersion, String kubernetesVersion) implements CommandLine.IVersionProvider {

    public VersionInfo() {
        this(load().getProperty("j8s.version", "unknown"), load().getProperty("kubernetes.api.version", "unknown"));
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("/j8s-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"j8s " + j8sVersion, "Kubernetes API " + kubernetesVersion};
    }
}
