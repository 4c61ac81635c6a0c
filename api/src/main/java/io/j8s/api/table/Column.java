package io.j8s.api.table;

import java.util.Objects;

/**
 * One {@code meta.k8s.io/v1} TableColumnDefinition.
 *
 * @param type the OpenAPI type of the cells: {@code string}, {@code integer}, {@code boolean},
 *     {@code date} (upstream sometimes declares one type and puts another in the cells; we copy
 *     that too, since clients only read the cells)
 * @param format {@code name} for the column holding the object's name, else empty
 * @param priority 0 for the columns {@code kubectl get} shows, 1 for those only {@code -o wide}
 *     shows; the server always sends both
 */
record Column(String name, String type, String format, String description, int priority) {

    Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(description, "description");
        if (priority < 0) {
            throw new IllegalArgumentException("priority " + priority);
        }
    }

    /** The Name column every printer starts with. */
    static final Column NAME = new Column("Name", "string", "name", Docs.OBJECT_META_NAME, 0);

    /** The Age column: the object's creation time as a human duration. */
    static final Column AGE = string("Age", Docs.OBJECT_META_CREATION_TIMESTAMP);

    static final Column CONTAINERS = wide("Containers", "Names of each container in the template.");

    static final Column IMAGES = wide("Images", "Images referenced by each container in the template.");

    static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    static Column bool(String name, String description) {
        return new Column(name, "boolean", "", description, 0);
    }

    /** A string column only {@code kubectl get -o wide} shows. */
    static Column wide(String name, String description) {
        return new Column(name, "string", "", description, 1);
    }
}
