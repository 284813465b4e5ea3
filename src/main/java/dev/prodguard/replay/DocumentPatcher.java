package dev.prodguard.replay;

import dev.prodguard.capture.FieldPath;
import dev.prodguard.capture.UpdateDelta;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

/**
 * Applies an {@link UpdateDelta} to a document in memory, with MongoDB's update semantics: truncate
 * arrays, then set fields (an existing field keeps its position, a new one is appended, missing
 * parents are created, arrays are padded with null), then remove fields (an array element becomes
 * null). Used for paths {@code $set} cannot express (field names containing dots).
 */
public final class DocumentPatcher {
    private DocumentPatcher() {}

    /** Returns a patched copy of {@code doc}; applying the same delta again yields the same document. */
    public static BsonDocument apply(BsonDocument doc, UpdateDelta delta) {
        BsonDocument out = doc.clone();
        for (UpdateDelta.Truncation t : delta.truncated()) {
            BsonValue v = get(out, t.path());
            if (v != null && v.isArray()) {
                BsonArray arr = v.asArray();
                while (arr.size() > t.newSize()) {
                    arr.remove(arr.size() - 1);
                }
            }
        }
        for (UpdateDelta.SetField s : delta.updated()) {
            set(out, s.path(), s.value());
        }
        for (FieldPath p : delta.removed()) {
            unset(out, p);
        }
        return out;
    }

    private static BsonValue get(BsonDocument doc, FieldPath path) {
        BsonValue cur = doc;
        for (Object step : path.steps()) {
            cur = child(cur, step);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    private static BsonValue child(BsonValue container, Object step) {
        if (container.isDocument()) {
            return container.asDocument().get(String.valueOf(step));
        }
        if (container.isArray()) {
            Integer i = index(step);
            BsonArray arr = container.asArray();
            return i != null && i < arr.size() ? arr.get(i) : null;
        }
        return null;
    }

    private static void set(BsonDocument doc, FieldPath path, BsonValue value) {
        List<Object> steps = path.steps();
        BsonValue cur = doc;
        for (int i = 0; i < steps.size() - 1; i++) {
            BsonValue next = child(cur, steps.get(i));
            if (next == null || !(next.isDocument() || next.isArray())) {
                next = new BsonDocument();
                put(cur, steps.get(i), next, path);
            }
            cur = next;
        }
        put(cur, steps.get(steps.size() - 1), new BsonDocument("v", value).clone().get("v"), path);
    }

    private static void put(BsonValue container, Object step, BsonValue value, FieldPath path) {
        if (container.isDocument()) {
            container.asDocument().put(String.valueOf(step), value);
            return;
        }
        Integer i = index(step);
        if (!container.isArray() || i == null) {
            throw new IllegalArgumentException("cannot set " + path + ": '" + step + "' is not an array index");
        }
        BsonArray arr = container.asArray();
        while (arr.size() <= i) {
            arr.add(BsonNull.VALUE);
        }
        arr.set(i, value);
    }

    private static void unset(BsonDocument doc, FieldPath path) {
        List<Object> steps = path.steps();
        BsonValue cur = doc;
        for (int i = 0; i < steps.size() - 1; i++) {
            cur = child(cur, steps.get(i));
            if (cur == null) {
                return;
            }
        }
        Object last = steps.get(steps.size() - 1);
        if (cur.isDocument()) {
            cur.asDocument().remove(String.valueOf(last));
        } else if (cur.isArray()) {
            Integer i = index(last);
            if (i != null && i < cur.asArray().size()) {
                cur.asArray().set(i, BsonNull.VALUE);
            }
        }
    }

    private static Integer index(Object step) {
        if (step instanceof Integer i) {
            return i;
        }
        String s = String.valueOf(step);
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(s);
    }
}
