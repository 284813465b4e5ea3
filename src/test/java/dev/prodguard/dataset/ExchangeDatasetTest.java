package dev.prodguard.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.testing.TestMongo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExchangeDatasetTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static MongoDatabase fresh(String prefix) {
        return mongo.client().getDatabase(TestMongo.uniqueDb(prefix));
    }

    private static List<RawBsonDocument> all(MongoDatabase db, String collection) {
        return db.getCollection(collection, RawBsonDocument.class).find().sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }

    @Test
    void sameSeedGivesIdenticalDocumentsAndOtherSeedDoesNot() {
        MongoDatabase a = fresh("ds_a");
        MongoDatabase b = fresh("ds_b");
        MongoDatabase c = fresh("ds_c");
        DatasetSummary sa = new ExchangeDataset(42, 45, 20).writeTo(a);
        DatasetSummary sb = new ExchangeDataset(42, 45, 20).writeTo(b);
        new ExchangeDataset(43, 10, 20).writeTo(c);

        assertThat(sb).isEqualTo(sa);
        for (String coll : ExchangeDataset.COLLECTIONS) {
            List<RawBsonDocument> docsA = all(a, coll);
            assertThat(docsA).as(coll).hasSize(sa.documents().get(coll).intValue()).isNotEmpty();
            assertThat(all(b, coll)).as(coll).isEqualTo(docsA);
        }
        assertThat(all(c, ExchangeDataset.USERS)).isNotEqualTo(all(a, ExchangeDataset.USERS).subList(0, 10));
        assertThat(all(c, ExchangeDataset.WALLETS).get(0)).isNotEqualTo(all(a, ExchangeDataset.WALLETS).get(0));
    }

    @Test
    void datasetIsExchangeShaped() {
        MongoDatabase db = fresh("ds_shape");
        DatasetSummary s = new ExchangeDataset(7, 120).writeTo(db);

        assertThat(s.documents().get(ExchangeDataset.USERS)).isEqualTo(120);
        assertThat(s.documents().get(ExchangeDataset.WALLETS)).isGreaterThan(120);
        assertThat(s.documents().get(ExchangeDataset.TRANSACTIONS)).isGreaterThan(120 * 15L);
        assertThat(s.documents().get(ExchangeDataset.P2P_TRADES)).isPositive();
        assertThat(s.totalDocuments()).isEqualTo(s.documents().values().stream().mapToLong(Long::longValue).sum());
        List<String> types = db.getCollection(ExchangeDataset.TRANSACTIONS).distinct("type", String.class)
                .into(new ArrayList<>());
        assertThat(types).contains("deposit", "withdrawal", "trade", "fee", "p2p");
        Document wallet = db.getCollection(ExchangeDataset.WALLETS).find().first();
        assertThat(wallet.get("balance")).isInstanceOf(Decimal128.class);
        assertThat(db.getCollection(ExchangeDataset.USERS).find(Filters.eq("country", "CN")).first()
                .get("name", Document.class).getString("display")).matches(".*\\p{IsHan}.*");
        assertThat(db.getCollection(ExchangeDataset.TRANSACTIONS).countDocuments(Filters.lt("amount", 0))).isPositive();
        assertThat(db.getCollection(ExchangeDataset.WALLETS).countDocuments(Filters.lt("balance", 0))).isZero();
    }

    @Test
    void generatedBooksBalanceExactlyAndMatchTheSummary() {
        MongoDatabase db = fresh("ds_books");
        DatasetSummary s = new ExchangeDataset(11, 100).writeTo(db);

        BooksResult r = BooksCheck.evaluate(db);

        assertThat(r.balanced()).as(r.summary()).isTrue();
        assertThat(r.discrepancies()).isEmpty();
        assertThat(r.assets()).hasSize(Asset.values().length);
        for (BooksResult.AssetBooks a : r.assets()) {
            assertThat(a.ledgerTotal()).isEqualByComparingTo(s.ledgerTotals().get(Asset.valueOf(a.asset())));
            assertThat(a.feeRevenueTotal().signum()).as(a.asset()).isPositive();
        }
    }

    @Test
    void aLedgerEntryWithoutItsWalletUpdateIsDetected() {
        MongoDatabase db = fresh("ds_unbalanced");
        new ExchangeDataset(5, 50).writeTo(db);
        Document any = db.getCollection(ExchangeDataset.WALLETS).find(Filters.eq("asset", "BTC")).first();

        db.getCollection(ExchangeDataset.TRANSACTIONS).insertOne(new Document("_id", new ObjectId())
                .append("userId", any.get("userId")).append("asset", "BTC")
                .append("amount", new Decimal128(new BigDecimal("0.00000001"))).append("type", "deposit"));

        BooksResult r = BooksCheck.evaluate(db);
        assertThat(r.balanced()).isFalse();
        assertThat(r.summary()).contains("BTC").contains("-0.00000001");
        assertThat(r.assets().stream().filter(a -> !a.balanced()).map(BooksResult.AssetBooks::asset)).containsExactly("BTC");
    }

    @Test
    void aWalletChangedBehindTheLedgersBackAndUnreconciledFeesAreDetected() {
        MongoDatabase db = fresh("ds_tamper");
        new ExchangeDataset(6, 40).writeTo(db);
        db.getCollection(ExchangeDataset.WALLETS).updateOne(Filters.eq("asset", "USDT"),
                Updates.inc("balance", new Decimal128(new BigDecimal("1000.000000"))));
        db.getCollection(ExchangeDataset.FEE_REVENUE).deleteOne(Filters.eq("asset", "ETH"));

        BooksResult r = BooksCheck.evaluate(db);
        assertThat(r.balanced()).isFalse();
        assertThat(r.discrepancies()).anyMatch(l -> l.startsWith("USDT: wallets total"))
                .anyMatch(l -> l.startsWith("ETH: fee entries total"));
    }

    @Test
    void anAmountStoredAsDoubleIsAProblemNotRoundedAway() {
        MongoDatabase db = fresh("ds_double");
        new ExchangeDataset(8, 20).writeTo(db);
        Document w = db.getCollection(ExchangeDataset.WALLETS).find(Filters.eq("asset", "USDT")).first();
        // numerically harmless (0.0), but a double can hide rounding elsewhere: the check must say so
        db.getCollection(ExchangeDataset.WALLETS).insertOne(new Document("userId", w.get("userId"))
                .append("asset", "SOL").append("balance", 0.0));

        BooksResult r = BooksCheck.evaluate(db);
        assertThat(r.balanced()).isFalse();
        assertThat(r.problems()).containsExactly("wallets: 1 SOL document(s) whose balance is not Decimal128 (not summed exactly)");
        assertThat(r.assets()).allMatch(BooksResult.AssetBooks::balanced);
    }

    @Test
    void transfersAppliedLiveKeepTheBooksBalanced() {
        MongoDatabase db = fresh("ds_live");
        new ExchangeDataset(9, 30).writeTo(db);
        List<ObjectId> users = db.getCollection(ExchangeDataset.USERS).distinct("_id", ObjectId.class).into(new ArrayList<>());
        Transfers live = new Transfers(IdSource.fresh(), new Random(1));
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        live.deposit(users.get(0), Asset.SOL, new BigDecimal("12.5"), now).applyTo(db);
        live.trade(users.get(0), users.get(1), Asset.SOL, Asset.USDT, new BigDecimal("0.000000001"),
                new BigDecimal("151.25"), now).applyTo(db);
        live.p2p(users.get(0), users.get(2), Asset.SOL, new BigDecimal("2.000000000"), now).applyTo(db);
        live.withdrawal(users.get(0), Asset.SOL, new BigDecimal("1.5"), now).applyTo(db);

        BooksResult r = BooksCheck.evaluate(db);
        assertThat(r.balanced()).as(r.summary()).isTrue();
    }

    @Test
    void aTransferThatDoesNotBalanceCannotBeBuilt() {
        ObjectId u = new ObjectId();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Document entry = new Document("_id", new ObjectId()).append("userId", u).append("asset", "BTC")
                .append("amount", new Decimal128(new BigDecimal("1"))).append("createdAt", Date.from(at));
        assertThatThrownBy(() -> new Transfer("deposit", at, List.of(entry),
                List.of(new Transfer.WalletChange(u, Asset.BTC, new BigDecimal("2"))), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BTC");
    }

    @Test
    void refusesToWriteIntoADatabaseThatAlreadyHasTheData() {
        MongoDatabase db = fresh("ds_twice");
        new ExchangeDataset(1, 5).writeTo(db);
        assertThatThrownBy(() -> new ExchangeDataset(1, 5).writeTo(db))
                .isInstanceOfSatisfying(ProdguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUSED));
    }

    @Test
    void theDocumentedInvariantRunsAndCanFail() throws Exception {
        MongoDatabase db = fresh("ds_invariant");
        new ExchangeDataset(12, 40).writeTo(db);
        JsonNode inv = new ObjectMapper(new YAMLFactory()).readTree(BooksCheck.INVARIANTS_YAML).get("invariants").get(0);
        List<Document> pipeline = new ArrayList<>();
        for (JsonNode stage : inv.get("pipeline")) {
            pipeline.add(Document.parse(stage.toString()));
        }
        String collection = inv.get("collection").asText();
        assertThat(inv.get("expect").isEmpty()).isTrue();

        assertThat(db.getCollection(collection).aggregate(pipeline).into(new ArrayList<>())).isEmpty();

        db.getCollection(ExchangeDataset.TRANSACTIONS).insertOne(new Document("asset", "XRP")
                .append("amount", new Decimal128(new BigDecimal("-3.000001"))).append("type", "withdrawal"));
        List<Document> off = db.getCollection(collection).aggregate(pipeline).into(new ArrayList<>());
        assertThat(off).hasSize(1);
        assertThat(off.get(0).getString("_id")).isEqualTo("XRP");
        assertThat(off.get(0).get("diff", Decimal128.class).bigDecimalValue()).isEqualByComparingTo("3.000001");
    }
}
