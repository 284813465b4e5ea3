package dev.prodguard.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.prodguard.testing.TestMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EmbeddedOplog} on the embedded server: one oplog query per capture poll serves both the clock
 * and the entries the poll's events need (every query matches the whole oplog there), and what it
 * did not keep is still found.
 */
class EmbeddedOplogTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private String db;
    private MongoCollection<Document> orders;

    @BeforeEach
    void setUp() {
        assumeTrue(mongo.isEmbedded(), "the embedded server's adapter; a real server is never read this way");
        db = TestMongo.uniqueDb("oplog");
        orders = mongo.client().getDatabase(db).getCollection("orders");
        mongo.client().getDatabase(db).getCollection("before").insertOne(new Document("_id", 0)); // the oplog is not empty
    }

    @Test
    void theFirstClockIsWhereTheOplogEndsNow() {
        orders.insertMany(docs(0, 5));
        EmbeddedOplog oplog = new EmbeddedOplog(mongo.client());
        assertThat(oplog.newest()).isEqualTo(newestInOplog());
    }

    @Test
    void eachPollQueriesTheOplogOnceAndItsEntriesComeFromThatQuery() {
        EmbeddedOplog oplog = new EmbeddedOplog(mongo.client());
        oplog.newest();
        int id = 0;
        BsonTimestamp previous = null;
        for (int poll = 0; poll < 5; poll++) {
            long before = oplog.queries();
            BsonTimestamp clock = oplog.newest(); // a poll starts: the clock
            if (previous != null) {
                assertThat(clock).as("the clock: what the previous poll's entries read saw").isGreaterThanOrEqualTo(previous);
            }
            orders.insertMany(docs(id, 20)); // written meanwhile; the poll's getMore returns them
            List<BsonTimestamp> times = timesOf(id, 20);
            Map<BsonTimestamp, BsonDocument> entries = oplog.entries(times); // the poll repairs its events
            // the first poll reads its clock itself; every later one finds it in the previous poll's read
            assertThat(oplog.queries() - before).as("poll %d", poll).isEqualTo(poll == 0 ? 2 : 1);
            assertThat(entries).hasSize(20);
            for (int i = 0; i < 20; i++) {
                BsonDocument e = entries.get(times.get(i));
                assertThat(e.getString("ns").getValue()).isEqualTo(db + ".orders");
                assertThat(e.getDocument("o").getInt32("_id").getValue()).isEqualTo(id + i);
            }
            assertThat(clock.compareTo(times.get(0))).as("the clock was read before these writes").isLessThan(0);
            previous = times.get(19);
            id += 20;
        }
    }

    @Test
    void entriesItDidNotKeepAreFoundByARangeQuery() {
        orders.insertMany(docs(0, 10));
        List<BsonTimestamp> older = timesOf(0, 10);
        EmbeddedOplog oplog = new EmbeddedOplog(mongo.client());
        oplog.newest(); // the clock starts after them: they were never kept
        long before = oplog.queries();
        Map<BsonTimestamp, BsonDocument> entries = oplog.entries(older);
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(older);
        assertThat(oplog.queries() - before).isEqualTo(1);
        assertThat(oplog.entries(older)).as("served entries are not kept twice, but found again").hasSize(10);
    }

    @Test
    void moreThanOnePageWrittenBetweenPollsIsReadOnPageByPage() {
        EmbeddedOplog oplog = new EmbeddedOplog(mongo.client());
        oplog.newest();
        int n = EmbeddedOplog.PAGE * 2 + 100;
        orders.insertMany(docs(0, n));
        List<BsonTimestamp> times = timesOf(0, n);
        long before = oplog.queries();
        Map<BsonTimestamp, BsonDocument> entries = oplog.entries(times);
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(times);
        assertThat(oplog.queries() - before).as("three pages, no range query").isEqualTo(3);
        assertThat(oplog.newest()).isEqualTo(times.get(n - 1));
    }

    private static List<Document> docs(int from, int n) {
        List<Document> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new Document("_id", i).append("qty", i % 7));
        }
        return out;
    }

    private MongoCollection<BsonDocument> rawOplog() {
        return mongo.client().getDatabase("local").getCollection("oplog.rs", BsonDocument.class);
    }

    /** The oplog times of inserts {@code from..from+n-1} into orders, in id order. */
    private List<BsonTimestamp> timesOf(int from, int n) {
        List<BsonTimestamp> out = new ArrayList<>();
        for (BsonDocument d : rawOplog().find(Filters.eq("ns", db + ".orders")).sort(Sorts.ascending("ts"))) {
            int id = d.getDocument("o").getInt32("_id").getValue();
            if (id >= from && id < from + n) {
                out.add(d.getTimestamp("ts"));
            }
        }
        return out;
    }

    private BsonTimestamp newestInOplog() {
        return rawOplog().find().sort(Sorts.descending("ts")).limit(1).first().getTimestamp("ts");
    }
}
