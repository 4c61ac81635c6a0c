package io.j8s.api.table;

import java.util.List;

/**
 * One TableRow before it is written as JSON: its cells (each a {@link String}, {@link Long} or
 * {@link Boolean}, as upstream's printers put {@code string}, {@code int64} and {@code bool} in
 * them) and its conditions.
 */
record Row(List<Object> cells, List<Condition> conditions) {

    Row {
        cells = List.copyOf(cells);
        conditions = List.copyOf(conditions);
        for (Object cell : cells) {
            if (!(cell instanceof String || cell instanceof Long || cell instanceof Boolean)) {
                throw new IllegalArgumentException("cell of type " + cell.getClass().getName());
            }
        }
    }

    static Row of(Object... cells) {
        return new Row(List.of(cells), List.of());
    }

    /**
     * A TableRowCondition. Upstream sets only one, {@code Completed}, on pods that have finished,
     * so clients can tell finished rows apart without reading the object.
     */
    record Condition(String type, String status, String reason, String message) {}
}
