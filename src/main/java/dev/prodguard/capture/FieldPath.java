package dev.prodguard.capture;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonValue;

/**
 * A field path from an update event: the dotted form the server reported ({@code a.2.b}) and, when the
 * server disambiguated it ({@code disambiguatedPaths}, MongoDB 6.1+ with showExpandedEvents, always on
 * 8.2+), the exact components: strings are field names (which may contain dots or look numeric),
 * 32-bit integers are array indexes.
 */
public record FieldPath(String dotted, List<BsonValue> components) {
    public FieldPath {
        components = components == null ? null : List.copyOf(components);
    }

    /** A path the server did not need to disambiguate: its dots separate components. */
    public static FieldPath of(String dotted) {
        return new FieldPath(dotted, null);
    }

    /** A path with the components from {@code disambiguatedPaths}. */
    public static FieldPath disambiguated(String dotted, BsonArray components) {
        return new FieldPath(dotted, new ArrayList<>(components.getValues()));
    }

    /**
     * Whether the dotted form cannot be given to {@code $set}/{@code $unset} as is: a component is a
     * field name containing a dot, starting with '$', or empty. Such paths are applied client-side.
     */
    public boolean needsExactComponents() {
        if (components == null) {
            return false;
        }
        for (BsonValue c : components) {
            if (c.isString()) {
                String s = c.asString().getValue();
                if (s.isEmpty() || s.contains(".") || s.startsWith("$")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The components to walk a document with: the disambiguated ones when known, otherwise the dotted
     * form split on dots (each part may be a field name or an array index, decided by the container).
     */
    public List<Object> steps() {
        List<Object> out = new ArrayList<>();
        if (components != null) {
            for (BsonValue c : components) {
                out.add(c.isNumber() ? (Object) c.asNumber().intValue() : c.asString().getValue());
            }
            return out;
        }
        for (String part : dotted.split("\\.", -1)) {
            out.add(part);
        }
        return out;
    }

    @Override
    public String toString() {
        return dotted;
    }
}
