package io.j8s.runtime.logs;

/** Which output stream a log entry came from. */
public enum Stream {
    STDOUT("stdout"), STDERR("stderr");

    private final String label;

    Stream(String label) {
        this.label = label;
    }

    /** The word used in the CRI log format. */
    public String label() {
        return label;
    }

    static Stream of(String label) {
        return switch (label) {
            case "stdout" -> STDOUT;
            case "stderr" -> STDERR;
            default -> throw new IllegalArgumentException("not a log stream: " + label);
        };
    }
}
