package dev.prodguard.demo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.verify.BsonEquivalence;
import dev.prodguard.verify.Invariant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;

/**
 * The books-balance step of the demo: the invariants declared in the demo's prodguard.yml, evaluated
 * on the live database the way {@code verify --restore} evaluates them on a restored one, plus the
 * exact per-asset {@link BooksCheck}. An empty exchange does not count as balanced: after a wipe
 * there is nothing to balance, and the invariant alone would pass on an empty database.
 */
public final class DemoBooks {
    /** One invariant's outcome; {@code detail} says why it failed (null when it held). */
    public record InvariantOutcome(String name, boolean ok, String detail) {}

    /** Everything the step found. */
    public record Report(List<InvariantOutcome> invariants, BooksResult books, long wallets, long ledgerEntries) {
        /** True when every invariant held, the books balance exactly, and the exchange is not empty. */
        public boolean ok() {
            return wallets > 0 && ledgerEntries > 0 && books.balanced() && invariants.stream().allMatch(InvariantOutcome::ok);
        }

        /** The lines to print. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (InvariantOutcome i : invariants) {
                out.add((i.ok() ? "  ✓ invariant '" : "  ✗ invariant '") + i.name() + "'" + (i.ok() ? " holds" : ": " + i.detail()));
            }
            out.add("  " + (books.balanced() ? "✓ " : "✗ ") + books.summary() + "; " + wallets + " wallet(s), "
                    + ledgerEntries + " ledger entr" + (ledgerEntries == 1 ? "y" : "ies"));
            if (wallets == 0 || ledgerEntries == 0) {
                out.add("  ✗ the exchange is empty: nothing to balance (was it wiped? restore it with"
                        + " 'prodguard restore --to before-last-drop')");
            }
            return out;
        }
    }

    private DemoBooks() {}

    /** Evaluates {@code invariants} and the books on {@code db} (read-only). */
    public static Report check(MongoDatabase db, List<Invariant> invariants) {
        List<InvariantOutcome> results = new ArrayList<>();
        for (Invariant inv : invariants) {
            results.add(evaluate(db, inv));
        }
        return new Report(results, BooksCheck.evaluate(db), db.getCollection(ExchangeDataset.WALLETS).countDocuments(),
                db.getCollection(ExchangeDataset.TRANSACTIONS).countDocuments());
    }

    // same rule as RestoreTester.evaluate (package-private there); one public evaluator would remove this copy
    private static InvariantOutcome evaluate(MongoDatabase db, Invariant inv) {
        try {
            BsonArray got = aggregate(db, inv.collection(), inv.pipeline());
            BsonArray want = inv.expect() != null ? inv.expect() : aggregate(db, inv.otherCollection(), inv.otherPipeline());
            boolean ok = BsonEquivalence.equivalent(got, want);
            return new InvariantOutcome(inv.name(), ok, ok ? null : inv.collection() + " returned " + got + " but "
                    + (inv.expect() != null ? "expected " : inv.otherCollection() + " returned ") + want);
        } catch (MongoException e) {
            return new InvariantOutcome(inv.name(), false, "aggregation failed: " + e.getMessage());
        }
    }

    private static BsonArray aggregate(MongoDatabase db, String collection, BsonArray pipeline) {
        List<BsonDocument> stages = new ArrayList<>();
        pipeline.forEach(s -> stages.add(s.asDocument()));
        BsonArray out = new BsonArray();
        db.getCollection(collection, BsonDocument.class).aggregate(stages).forEach(out::add);
        return out;
    }
}
