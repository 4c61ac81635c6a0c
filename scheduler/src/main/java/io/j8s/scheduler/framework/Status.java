package io.j8s.scheduler.framework;

import java.util.List;

/**
 * A plugin's answer: a {@link Code} and the reasons a person reads ("Insufficient cpu"). An
 * expected failure is a value, never an exception; {@link #SUCCESS} is shared so the hot path of
 * Filter allocates nothing.
 *
 * @param plugin the plugin that answered, set by the framework when it records the status
 */
public record Status(Code code, List<String> reasons, String plugin) {

    public static final Status SUCCESS = new Status(Code.Success, List.of(), "");
    public static final Status SKIP = new Status(Code.Skip, List.of(), "");

    public Status {
        reasons = List.copyOf(reasons);
        plugin = plugin == null ? "" : plugin;
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.Unschedulable, List.of(reasons), "");
    }

    /** Unschedulable, and preemption cannot help. */
    public static Status unresolvable(String... reasons) {
        return new Status(Code.UnschedulableAndUnresolvable, List.of(reasons), "");
    }

    public static Status error(String message) {
        return new Status(Code.Error, List.of(message), "");
    }

    public static Status asError(Throwable e) {
        return error(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    public static Status of(Code code, String... reasons) {
        return new Status(code, List.of(reasons), "");
    }

    public Status withPlugin(String name) {
        return name.equals(plugin) ? this : new Status(code, reasons, name);
    }

    public boolean isSuccess() {
        return code == Code.Success;
    }

    public boolean isSkip() {
        return code == Code.Skip;
    }

    /** Unschedulable, UnschedulableAndUnresolvable or Pending: the pod was turned away, not failed. */
    public boolean isRejected() {
        return code == Code.Unschedulable || code == Code.UnschedulableAndUnresolvable || code == Code.Pending;
    }

    /** The reasons joined as upstream's Status.Message() does. */
    public String message() {
        return String.join(", ", reasons);
    }

    @Override
    public String toString() {
        return reasons.isEmpty() ? code.name() : code + ": " + message();
    }
}
