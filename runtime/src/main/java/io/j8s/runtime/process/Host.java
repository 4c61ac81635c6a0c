package io.j8s.runtime.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What this machine lets the process runtime do: isolate pods (root on Linux with unshare,
 * nsenter, mount, pivot_root and ip) or only run processes on the host.
 *
 * @param reason why pods cannot be isolated (a kubelet condition reason), empty when they can
 */
record Host(boolean canIsolate, String reason, String message, boolean hasSetsid) {

    static final List<String> TOOLS = List.of("unshare", "nsenter", "mount", "umount", "pivot_root", "ip", "setsid");

    static Host detect() {
        boolean setsid = Cmd.onPath("setsid");
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new Host(false, "NotLinux", "pods share the node's network, files and processes: "
                    + "namespaces and cgroups need Linux", setsid);
        }
        if (!isRoot()) {
            return new Host(false, "NotRoot", "pods share the node's network, files and processes: "
                    + "the agent is not running as root", setsid);
        }
        for (String tool : TOOLS) {
            if (!Cmd.onPath(tool)) {
                return new Host(false, "MissingTool", "pods share the node's network, files and processes: "
                        + tool + " is not installed (util-linux, iproute2)", setsid);
            }
        }
        // Root without the right to make namespaces (a container without CAP_SYS_ADMIN): try once.
        Cmd.Result probe = Cmd.run("unshare", "--mount", "--uts", "--ipc", "--net", "--pid", "--fork", "true");
        if (!probe.ok()) {
            return new Host(false, "NoNamespaces", "pods share the node's network, files and processes: "
                    + "cannot create namespaces (" + probe.output() + ")", setsid);
        }
        return new Host(true, "", "", setsid);
    }

    /** A host where nothing is isolated, for tests and for {@code --isolation=host}. */
    static Host unisolated(String reason) {
        return new Host(false, reason, "pods share the node's network, files and processes: " + reason,
                Cmd.onPath("setsid"));
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (Exception e) {
            // not Linux, or no /proc
        }
        return false;
    }
}
