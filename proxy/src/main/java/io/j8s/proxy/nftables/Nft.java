package io.j8s.proxy.nftables;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code nft} command: one transaction in ({@code nft -f -}), applied whole or not at all. The
 * command prefix lets tests and benches run it in a network namespace ({@code ip netns exec NS}).
 */
public interface Nft {

    record Result(boolean ok, String output) {
    }

    /** Applies one transaction. */
    Result apply(String script);

    /** The nft binary, run with {@code prefix} before it (empty: in this process' namespace). */
    static Nft command(List<String> prefix) {
        return script -> run(prefix, List.of("-f", "-"), script);
    }

    /** Whether nft runs here and may change rules (root with the nf_tables module). */
    static boolean available(List<String> prefix) {
        return run(prefix, List.of("list", "tables"), "").ok();
    }

    /** Deletes the proxy's table if it is there (--cleanup). */
    static Result deleteTable(List<String> prefix, String table) {
        return run(prefix, List.of("-f", "-"), "add table ip " + table + "\ndelete table ip " + table + "\n");
    }

    /** The table as nft prints it (for tests and debugging). */
    static String list(List<String> prefix, String table) {
        return run(prefix, List.of("list", "table", "ip", table), "").output();
    }

    private static Result run(List<String> prefix, List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add("nft");
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(false, "nft did not finish within 60s");
            }
            return new Result(p.exitValue() == 0, out);
        } catch (IOException e) {
            return new Result(false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }
}
