package io.j8s.cli;

import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the j8s version and the Kubernetes API version it serves.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        for (String line : new VersionInfo().getVersion()) {
            System.out.println(line);
        }
    }
}
