package dev.prodguard.dataset;

import com.mongodb.client.MongoDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * Proves over the wire that the exchange's books balance: per asset, the sum of wallet balances
 * equals the sum of ledger entries, and the fee entries equal the fee revenue. Sums are computed by
 * the server ({@code $group}/{@code $sum} over Decimal128) and compared exactly; an amount that is
 * not Decimal128 or a sum that comes back as a double is reported as a problem, never rounded away.
 */
public final class BooksCheck {
    /**
     * The same rule as a {@code prodguard.yml} invariant for {@code verify --restore}: one
     * aggregation on {@code wallets} that returns the assets whose wallets do not total the ledger,
     * so the expected result is an empty list. Uses only {@code $group}, {@code $lookup} with a
     * pipeline, {@code $project}, {@code $subtract} and {@code $match} (MongoDB 3.6+; the embedded
     * server runs it too).
     */
    public static final String INVARIANTS_YAML = """
            invariants:
              - name: books balance (per asset, wallets total the ledger)
                collection: wallets
                pipeline:
                  - { $group: { _id: "$asset", wallets: { $sum: "$balance" } } }
                  - { $lookup: { from: transactions, let: { asset: "$_id" }, as: ledger, pipeline: [
                        { $match: { $expr: { $eq: ["$asset", "$$asset"] } } },
                        { $group: { _id: null, total: { $sum: "$amount" } } } ] } }
                  - { $project: { diff: { $subtract: ["$wallets", { $sum: "$ledger.total" }] } } }
                  - { $match: { diff: { $ne: 0 } } }
                expect: []
            """;

    private BooksCheck() {}

    /** Runs the check against {@code db} (read-only: four aggregations). */
    public static BooksResult evaluate(MongoDatabase db) {
        List<String> problems = new ArrayList<>();
        Map<String, BigDecimal> wallets = sums(db, ExchangeDataset.WALLETS, "balance", null, problems);
        Map<String, BigDecimal> ledger = sums(db, ExchangeDataset.TRANSACTIONS, "amount", null, problems);
        Map<String, BigDecimal> fees = sums(db, ExchangeDataset.TRANSACTIONS, "amount", new Document("type", "fee"), problems);
        Map<String, BigDecimal> revenue = sums(db, ExchangeDataset.FEE_REVENUE, "amount", null, problems);
        TreeSet<String> assets = new TreeSet<>();
        assets.addAll(wallets.keySet());
        assets.addAll(ledger.keySet());
        assets.addAll(revenue.keySet());
        List<BooksResult.AssetBooks> rows = new ArrayList<>();
        for (String a : assets) {
            rows.add(new BooksResult.AssetBooks(a, wallets.getOrDefault(a, BigDecimal.ZERO),
                    ledger.getOrDefault(a, BigDecimal.ZERO), fees.getOrDefault(a, BigDecimal.ZERO),
                    revenue.getOrDefault(a, BigDecimal.ZERO)));
        }
        return new BooksResult(rows, problems);
    }

    /** The exact value of a finite Decimal128 (negative zero is zero). */
    static BigDecimal exact(Decimal128 dec) {
        try {
            return dec.bigDecimalValue();
        } catch (ArithmeticException negativeZero) {
            return BigDecimal.ZERO;
        }
    }

    /** Per-asset server-side sum of {@code field}; reports values that are not Decimal128 as problems. */
    private static Map<String, BigDecimal> sums(MongoDatabase db, String collection, String field, Document match,
            List<String> problems) {
        Document filter = match == null ? new Document() : new Document(match);
        Document notDecimal = new Document(filter).append(field,
                new Document("$not", new Document("$type", BsonType.DECIMAL128.getValue())));
        List<Bson> badPipeline = List.of(new Document("$match", notDecimal),
                new Document("$group", new Document("_id", "$asset").append("n", new Document("$sum", 1))));
        for (Document d : db.getCollection(collection).aggregate(badPipeline)) {
            problems.add(collection + ": " + d.get("n") + " " + d.get("_id") + " document(s) whose " + field
                    + " is not Decimal128 (not summed exactly)");
        }
        List<Bson> pipeline = List.of(new Document("$match", filter),
                new Document("$group", new Document("_id", "$asset").append("total", new Document("$sum", "$" + field))));
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Document d : db.getCollection(collection).aggregate(pipeline)) {
            String asset = String.valueOf(d.get("_id"));
            Object total = d.get("total");
            if (total instanceof Decimal128 dec) {
                if (dec.isNaN() || dec.isInfinite()) {
                    problems.add(collection + ": the " + asset + " total of " + field + " is " + dec);
                    continue;
                }
                out.put(asset, exact(dec));
            } else if (total instanceof Integer || total instanceof Long) {
                out.put(asset, BigDecimal.valueOf(((Number) total).longValue()));
            } else {
                problems.add(collection + ": the " + asset + " total of " + field + " came back as "
                        + (total == null ? "null" : total.getClass().getSimpleName() + " " + total)
                        + ", not Decimal128; cannot compare exactly");
            }
        }
        return out;
    }
}
