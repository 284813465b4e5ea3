package dev.prodguard.verify;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;

/**
 * Evaluates the user's {@link Invariant}s on a database, read-only: the restore test runs them on the
 * restored scratch database, the demo's books step on the live one.
 */
public final class Invariants {
    private Invariants() {}

    /** Every invariant of {@code invariants} on {@code db}, in order. */
    public static List<RestoreTestReport.InvariantCheck> evaluate(MongoDatabase db, List<Invariant> invariants) {
        List<RestoreTestReport.InvariantCheck> results = new ArrayList<>();
        for (Invariant inv : invariants) {
            results.add(evaluate(db, inv));
        }
        return results;
    }

    /**
     * One invariant on {@code db}: its aggregation's result must equal {@code expect}, or the other
     * aggregation's result; a failing aggregation fails the invariant (the detail says why).
     */
    public static RestoreTestReport.InvariantCheck evaluate(MongoDatabase db, Invariant inv) {
        try {
            BsonArray got = aggregate(db, inv.collection(), inv.pipeline());
            BsonArray want = inv.expect() != null ? inv.expect() : aggregate(db, inv.otherCollection(), inv.otherPipeline());
            boolean ok = BsonEquivalence.equivalent(got, want);
            String detail = ok ? null : inv.collection() + " returned " + json(got) + " but "
                    + (inv.expect() != null ? "expected " : inv.otherCollection() + " returned ") + json(want);
            return new RestoreTestReport.InvariantCheck(inv.name(), ok, detail);
        } catch (MongoException e) {
            return new RestoreTestReport.InvariantCheck(inv.name(), false, "aggregation failed: " + e.getMessage());
        }
    }

    /** The array as relaxed extended JSON, as a person reads a query result (not BsonArray's toString). */
    private static String json(BsonArray a) {
        String doc = new BsonDocument("r", a).toJson();
        return doc.substring(doc.indexOf('['), doc.lastIndexOf(']') + 1);
    }

    private static BsonArray aggregate(MongoDatabase db, String collection, BsonArray pipeline) {
        List<BsonDocument> stages = new ArrayList<>();
        pipeline.forEach(s -> stages.add(s.asDocument()));
        BsonArray out = new BsonArray();
        db.getCollection(collection, BsonDocument.class).aggregate(stages).forEach(out::add);
        return out;
    }
}
