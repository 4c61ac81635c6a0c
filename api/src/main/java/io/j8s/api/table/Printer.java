package io.j8s.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The columns of one kind and how to read a row of them off an object: one of upstream's
 * {@code TableHandler(columnDefinitions, printFunc)} pairs, always in its wide form (the server
 * sends every column; the client hides priority 1).
 */
record Printer(List<Column> columns, Cells cells) {

    Printer {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a printer needs columns");
        }
    }

    /** Prints one object, with {@code now} the instant every age in the table is measured to. */
    @FunctionalInterface
    interface Cells {
        Row row(JsonNode object, Instant now);
    }

    Row row(JsonNode object, Instant now) {
        Row row = cells.row(object, now);
        if (row.cells().size() != columns.size()) {
            throw new IllegalStateException(row.cells().size() + " cells for " + columns.size() + " columns");
        }
        return row;
    }
}
