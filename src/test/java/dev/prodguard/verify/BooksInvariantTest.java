package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.dataset.BooksCheck;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.testing.TestMongo;
import java.math.BigDecimal;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The books invariant documented for prodguard.yml, run through verify's own parser and evaluator. */
class BooksInvariantTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @Test
    void theBooksInvariantPassesOnTheDatasetAndFailsWhenTheLedgerMovesAlone() throws Exception {
        List<Invariant> invariants = Invariant.parse(
                new ObjectMapper(new YAMLFactory()).readTree(BooksCheck.INVARIANTS_YAML).get("invariants"));
        assertThat(invariants).hasSize(1);
        Invariant books = invariants.get(0);
        assertThat(books.collection()).isEqualTo(ExchangeDataset.WALLETS);
        MongoDatabase db = mongo.client().getDatabase(TestMongo.uniqueDb("books_inv"));
        new ExchangeDataset(3, 30).writeTo(db);

        assertThat(Invariants.evaluate(db, books).ok()).isTrue();

        db.getCollection(ExchangeDataset.TRANSACTIONS).insertOne(new Document("asset", "ETH")
                .append("amount", new Decimal128(new BigDecimal("0.000000000000000001"))).append("type", "deposit"));
        RestoreTestReport.InvariantCheck after = Invariants.evaluate(db, books);
        assertThat(after.ok()).isFalse();
        assertThat(after.detail()).contains("ETH");
    }
}
