package dev.prodguard.monitor;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * The in-progress operations of a {@code currentOp} reply ({@code inprog[]}), or of the
 * {@code $currentOp} aggregation stage (one document per operation, same fields). Durations come
 * from {@code microsecs_running}, falling back to {@code secs_running}; idle entries are skipped.
 */
public final class CurrentOpReply {
    private CurrentOpReply() {}

    /** Active operations from a {@code currentOp} command reply running at least {@code minMillis}. */
    public static List<SlowOperation> parse(Document reply, long minMillis) {
        return operations(Bson.docs(reply, "inprog"), minMillis);
    }

    /** Active operations from {@code $currentOp} documents running at least {@code minMillis}. */
    public static List<SlowOperation> operations(List<Document> ops, long minMillis) {
        List<SlowOperation> out = new ArrayList<>();
        for (Document op : ops) {
            if (Boolean.FALSE.equals(op.get("active"))) {
                continue;
            }
            long millis;
            var micros = Bson.num(op, "microsecs_running");
            var secs = Bson.num(op, "secs_running");
            if (micros.isPresent()) {
                millis = (long) (micros.getAsDouble() / 1000);
            } else if (secs.isPresent()) {
                millis = (long) (secs.getAsDouble() * 1000);
            } else {
                continue;
            }
            if (millis >= minMillis) {
                String ns = Bson.str(op, "ns");
                out.add(new SlowOperation(String.valueOf(op.get("op")), ns == null ? "" : ns, millis, "currentOp"));
            }
        }
        return out;
    }
}
