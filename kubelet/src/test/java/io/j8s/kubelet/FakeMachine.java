package io.j8s.kubelet;

import io.j8s.kubelet.node.Machine;

/** A machine of fixed size, plenty free. */
public class FakeMachine implements Machine {
    public volatile long memoryAvailable = 6L << 30;

    @Override public int cpus() { return 4; }
    @Override public long memoryBytes() { return 8L << 30; }
    @Override public long memoryAvailableBytes() { return memoryAvailable; }
    @Override public long diskBytes() { return 100L << 30; }
    @Override public long diskAvailableBytes() { return 50L << 30; }
    @Override public long pids() { return 300; }
    @Override public long pidMax() { return 4_194_304; }
    @Override public String kernelVersion() { return "6.1.0-test"; }
    @Override public String osImage() { return "Debian GNU/Linux 12 (bookworm)"; }
    @Override public String operatingSystem() { return "linux"; }
    @Override public String architecture() { return "amd64"; }
    @Override public String machineId() { return "m-1"; }
    @Override public String systemUuid() { return "u-1"; }
    @Override public String bootId() { return "b-1"; }
    @Override public String hostname() { return "test-host"; }
}
