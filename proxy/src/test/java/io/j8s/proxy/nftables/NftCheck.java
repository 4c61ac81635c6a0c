package io.j8s.proxy.nftables;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applies transactions with the real nft inside a network namespace made for it and deleted after,
 * when this is root with nft (otherwise it checks nothing: the golden text still is compared).
 */
final class NftCheck {

    private NftCheck() {
    }

    static boolean usable() {
        return isRoot() && run("nft", "--version") == 0 && run("ip", "-V") == 0;
    }

    static void assertValid(List<String> scripts) {
        if (!usable()) return;
        String ns = "j8s-nftcheck-" + ProcessHandle.current().pid();
        run("ip", "netns", "add", ns);
        try {
            for (String script : scripts) {
                Nft.Result r = Nft.command(List.of("ip", "netns", "exec", ns)).apply(script);
                assertTrue(r.ok(), "nft refused:\n" + r.output() + "\n---\n" + script);
            }
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
