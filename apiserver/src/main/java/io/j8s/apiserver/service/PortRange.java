package io.j8s.apiserver.service;

/**
 * A node port range ({@code --service-node-port-range}, upstream's {@code net.PortRange}):
 * {@code base} and {@code size} ports. The lower block kept for static requests is upstream's
 * {@code min(max(16, size/32), 128)} ports (none for 16 ports or fewer).
 */
public record PortRange(int base, int size) {

    public PortRange {
        if (base < 1 || size < 1 || base + size - 1 > 65535) {
            throw new IllegalArgumentException("--service-node-port-range: " + base + "+" + size + " is not a range of ports 1-65535");
        }
    }

    /** {@code 30000-32767}, {@code 30000+2767} (base plus extra ports) or one port, as upstream's ParsePortRange. */
    public static PortRange parse(String value) {
        String s = value.trim();
        try {
            int dash = s.indexOf('-');
            int plus = s.indexOf('+');
            if (dash > 0) {
                int low = Integer.parseInt(s.substring(0, dash));
                int high = Integer.parseInt(s.substring(dash + 1));
                if (high < low) throw new IllegalArgumentException("--service-node-port-range " + value + ": end port is less than start port");
                return new PortRange(low, high - low + 1);
            }
            if (plus > 0) {
                int low = Integer.parseInt(s.substring(0, plus));
                return new PortRange(low, Integer.parseInt(s.substring(plus + 1)) + 1);
            }
            return new PortRange(Integer.parseInt(s), 1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--service-node-port-range " + value + ": not a port range (30000-32767)");
        }
    }

    int staticBlock() {
        if (size <= 16) return 0;
        return Math.min(Math.max(16, size / 32), 128);
    }

    int offsetOf(long port) {
        return port >= base && port < (long) base + size ? (int) (port - base) : -1;
    }

    /** As upstream prints it: {@code 30000-32767}. */
    @Override
    public String toString() {
        return base + "-" + (base + size - 1);
    }
}
