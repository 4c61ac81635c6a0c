package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Upstream's {@code HashContainer}: what of a container's spec, once changed, means the running
 * instance must be replaced. Only the image may change in a pod update, so image, command and args
 * are enough.
 */
final class ContainerHash {

    private ContainerHash() {}

    static String of(Container c) {
        CRC32 crc = new CRC32();
        crc.update((c.getName() + "\0" + c.getImage() + "\0" + c.getCommand() + "\0" + c.getArgs()).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
