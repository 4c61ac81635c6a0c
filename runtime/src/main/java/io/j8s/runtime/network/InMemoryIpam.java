package io.j8s.runtime.network;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link Ipam} in memory: for the simulated runtime, where nothing outlives the JVM. */
public final class InMemoryIpam implements Ipam {
    private final Cidr cidr;
    // Guarded by this: used offsets, and owner -> offset. Allocation scans from just after the
    // last address handed out, as host-local does, so a released address is not reused at once.
    private final BitSet used = new BitSet();
    private final Map<String, Integer> owners = new HashMap<>();
    private int last;

    public InMemoryIpam(Cidr cidr) {
        this.cidr = cidr;
        this.last = cidr.firstPodOffset() - 1;
    }

    @Override
    public Cidr cidr() {
        return cidr;
    }

    @Override
    public synchronized Optional<String> allocate(String owner) {
        Integer held = owners.get(owner);
        if (held != null) {
            return Optional.of(cidr.address(held));
        }
        int first = cidr.firstPodOffset();
        int count = cidr.lastPodOffset() - first + 1;
        for (int i = 1; i <= count; i++) {
            int offset = first + Math.floorMod(last - first + i, count);
            if (!used.get(offset)) {
                used.set(offset);
                owners.put(owner, offset);
                last = offset;
                return Optional.of(cidr.address(offset));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void release(String owner) {
        Integer offset = owners.remove(owner);
        if (offset != null) {
            used.clear(offset);
        }
    }

    @Override
    public synchronized Optional<String> addressOf(String owner) {
        return Optional.ofNullable(owners.get(owner)).map(cidr::address);
    }
}
