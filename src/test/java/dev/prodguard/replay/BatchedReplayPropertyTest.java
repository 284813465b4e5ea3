package dev.prodguard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.EventMeta;
import dev.prodguard.capture.FieldPath;
import dev.prodguard.capture.Namespace;
import dev.prodguard.capture.UpdateDelta;
import dev.prodguard.testing.OrderedUpdateServer;
import dev.prodguard.testing.TestMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batched replay ({@link ReplayEngine#applyAll}) leaves exactly the state that applying the same
 * events one at a time, in order, leaves: random sequences of inserts (also of documents the target
 * already holds, as in the snapshot overlap, and re-inserts after deletes), updates with
 * {@code $set}/{@code $unset}/increment-style deltas, nested and array-element paths and
 * truncations, replaces, deletes, drops, unique-index creation and dropDatabase, on two collections
 * (one with a unique secondary index, so runs there must stay ordered), with the same conflicts counted, against
 * a real deployment ({@code PRODGUARD_IT_URI}) or the embedded server with ordered updates that stop at their first
 * error as a real server's do ({@link OrderedUpdateServer}; the plain embedded server goes on after it, so that the
 * statements after a rejected one would run twice and the comparison would test the server, not replay).
 * Every other sequence is replayed as a restore replays it: read back from the stored form (document
 * payloads as raw BSON) and written to both collections at once (parallelism 4).
 */
class BatchedReplayPropertyTest {
    /** The real deployment when {@code PRODGUARD_IT_URI} names one; otherwise unused. */
    @RegisterExtension
    static TestMongo mongo = new TestMongo();
    /** Without a real deployment: the embedded server with ordered updates that stop at their first error. */
    private static OrderedUpdateServer ordered;
    private static MongoClient client;

    @BeforeAll
    static void connect() {
        if (mongo.isEmbedded()) {
            ordered = OrderedUpdateServer.start();
            client = MongoClients.create(ordered.uri());
        } else {
            client = client;
        }
    }

    @AfterAll
    static void disconnect() {
        if (ordered != null) {
            client.close();
            ordered.close();
        }
    }

    private static final String SOURCE = "src";
    private static final List<String> COLLECTIONS = List.of("a", "b");

    @Test
    void batchedReplayEqualsOneAtATimeReplayOnRandomSequences() {
        for (long seed = 1; seed <= 25; seed++) {
            check(seed, 80);
        }
    }

    @Test
    @Tag("slow")
    void batchedReplayEqualsOneAtATimeReplayOnManyLongSequences() {
        for (long seed = 1000; seed < 1300; seed++) {
            check(seed, 300);
        }
    }

    private static void check(long seed, int length) {
        Random rnd = new Random(seed);
        List<ChangeEvent> events = new Generator(rnd).events(length);
        String batched = TestMongo.uniqueDb("batched");
        String single = TestMongo.uniqueDb("single");
        BsonDocument initial = initial(rnd);
        seed(batched, initial);
        seed(single, initial);

        ReplayStats b = ReplayStats.NONE;
        String batchedFailure = null;
        boolean asRestore = seed % 2 == 0;
        List<ChangeEvent> replayed = asRestore ? stored(events) : events;
        try {
            b = new ReplayEngine(client, NamespaceMap.single(SOURCE, batched), asRestore ? 4 : 1).applyAll(replayed);
        } catch (com.mongodb.MongoException e) {
            batchedFailure = e.getClass().getSimpleName() + " " + e.getCode();
        }
        ReplayEngine one = new ReplayEngine(client, NamespaceMap.single(SOURCE, single));
        ReplayStats s = ReplayStats.NONE;
        String singleFailure = null;
        try {
            for (ChangeEvent e : events) {
                s = s.plus(one.apply(e));
            }
        } catch (com.mongodb.MongoException e) {
            // a unique index build over duplicates fails in both modes at the same event, and replay stops there
            singleFailure = e.getClass().getSimpleName() + " " + e.getCode();
        }

        assertThat(batchedFailure).as("seed %d: failure", seed).isEqualTo(singleFailure);
        assertThat(contents(batched)).as("seed %d, events %s", seed, events).isEqualTo(contents(single));
        if (singleFailure == null) {
            assertThat(b.conflicts()).as("seed %d: conflicts", seed).isEqualTo(s.conflicts());
        }
        client.getDatabase(batched).drop();
        client.getDatabase(single).drop();
    }

    /** The events as a restore reads them from a segment: each through its stored form. */
    private static List<ChangeEvent> stored(List<ChangeEvent> events) {
        List<ChangeEvent> out = new ArrayList<>();
        for (ChangeEvent e : events) {
            BsonDocument d = dev.prodguard.capture.EventCodec.encode(e);
            out.add(dev.prodguard.capture.EventCodec.decode(new org.bson.RawBsonDocument(d, new org.bson.codecs.BsonDocumentCodec())
                    .getByteBuffer().array()));
        }
        return out;
    }

    /** What the target held before replay (the snapshot), with a unique index on b.u. */
    private static BsonDocument initial(Random rnd) {
        BsonDocument out = new BsonDocument();
        for (String c : COLLECTIONS) {
            BsonArray docs = new BsonArray();
            for (int id = 0; id < 8; id++) {
                if (rnd.nextInt(3) == 0) {
                    docs.add(Generator.doc(rnd, id, 100 + id));
                }
            }
            out.append(c, docs);
        }
        return out;
    }

    private static void seed(String db, BsonDocument initial) {
        MongoDatabase d = client.getDatabase(db);
        for (String c : COLLECTIONS) {
            d.createCollection(c);
            for (BsonValue doc : initial.getArray(c)) {
                d.getCollection(c, BsonDocument.class).insertOne(doc.asDocument().clone());
            }
        }
        d.getCollection("b").createIndex(new BsonDocument("u", new BsonInt32(1)), new IndexOptions().unique(true).name("u_1"));
    }

    /**
     * Non-empty collections as documents in _id order (JSON, field order included), plus index names
     * (the embedded server leaves empty collections behind no-op writes; a real server does not).
     */
    private static Map<String, List<String>> contents(String db) {
        Map<String, List<String>> out = new TreeMap<>();
        MongoDatabase d = client.getDatabase(db);
        for (String c : d.listCollectionNames()) {
            List<String> docs = new ArrayList<>();
            d.getCollection(c, BsonDocument.class).find().sort(new BsonDocument("_id", new BsonInt32(1)))
                    .forEach(doc -> docs.add(doc.toJson()));
            if (!docs.isEmpty()) {
                List<String> indexes = new ArrayList<>();
                d.getCollection(c).listIndexes(BsonDocument.class).forEach(ix -> indexes.add(ix.getString("name").getValue()));
                indexes.sort(null);
                docs.add("indexes " + indexes);
                out.put(c, docs);
            }
        }
        return out;
    }

    /** Random change events over ids 0..7 of two collections, in cluster-time order. */
    private static final class Generator {
        private final Random rnd;
        private int inc;

        Generator(Random rnd) {
            this.rnd = rnd;
        }

        List<ChangeEvent> events(int n) {
            List<ChangeEvent> out = new ArrayList<>();
            while (out.size() < n) {
                String coll = COLLECTIONS.get(rnd.nextInt(COLLECTIONS.size()));
                int id = rnd.nextInt(8);
                BsonDocument key = new BsonDocument("_id", new BsonInt32(id));
                int kind = rnd.nextInt(100);
                if (kind < 40) {
                    out.add(new ChangeEvent.Insert(meta(coll), key, doc(rnd, id, rnd.nextInt(12))));
                } else if (kind < 65) {
                    out.add(new ChangeEvent.Update(meta(coll), key, delta()));
                } else if (kind < 75) {
                    out.add(new ChangeEvent.Replace(meta(coll), key, doc(rnd, id, rnd.nextInt(12))));
                } else if (kind < 93) {
                    out.add(new ChangeEvent.Delete(meta(coll), key));
                } else if (kind < 97) {
                    out.add(new ChangeEvent.Drop(meta(coll)));
                } else if (kind < 99) {
                    out.add(new ChangeEvent.CreateIndexes(meta("b"), List.of(BsonDocument.parse(
                            "{v: 2, key: {u: 1}, name: 'u_1', unique: true}"))));
                } else {
                    out.add(new ChangeEvent.DropDatabase(new EventMeta(token(), new BsonTimestamp(1_800_000_000, ++inc), null,
                            Namespace.ofDatabase(SOURCE))));
                }
            }
            return out;
        }

        /** $set (with increment-style new values), $unset, nested and array-element paths, sometimes a truncation. */
        private UpdateDelta delta() {
            List<UpdateDelta.SetField> set = new ArrayList<>();
            List<FieldPath> unset = new ArrayList<>();
            List<UpdateDelta.Truncation> truncated = new ArrayList<>();
            if (rnd.nextBoolean()) {
                set.add(new UpdateDelta.SetField(FieldPath.of("n"), new BsonInt32(rnd.nextInt(5) + 1)));
            }
            if (rnd.nextInt(3) == 0) {
                set.add(new UpdateDelta.SetField(FieldPath.of("o.x"), new BsonString("x" + rnd.nextInt(9))));
            }
            if (rnd.nextInt(3) == 0) {
                set.add(new UpdateDelta.SetField(FieldPath.of("arr.1"), new BsonInt32(rnd.nextInt(9))));
            }
            if (rnd.nextInt(4) == 0) {
                set.add(new UpdateDelta.SetField(FieldPath.of("u"), new BsonInt32(rnd.nextInt(12))));
            }
            if (rnd.nextInt(4) == 0) {
                unset.add(FieldPath.of(rnd.nextBoolean() ? "a" : "o.x"));
            }
            if (rnd.nextInt(8) == 0) {
                truncated.add(new UpdateDelta.Truncation(FieldPath.of("arr"), 1));
            }
            if (set.isEmpty() && unset.isEmpty() && truncated.isEmpty()) {
                set.add(new UpdateDelta.SetField(FieldPath.of("z"), new BsonString("z" + rnd.nextInt(9))));
            }
            return new UpdateDelta(set, unset, truncated);
        }

        private EventMeta meta(String coll) {
            return new EventMeta(token(), new BsonTimestamp(1_800_000_000, ++inc), null, new Namespace(SOURCE, coll));
        }

        private BsonDocument token() {
            return new BsonDocument("_data", new BsonString("t" + inc));
        }

        static BsonDocument doc(Random rnd, int id, int u) {
            BsonDocument d = new BsonDocument("_id", new BsonInt32(id));
            if (rnd.nextBoolean()) {
                d.append("a", new BsonString("a" + rnd.nextInt(100)));
            }
            d.append("n", new BsonInt32(rnd.nextInt(10)));
            d.append("u", new BsonInt32(u));
            if (rnd.nextBoolean()) {
                d.append("o", new BsonDocument("x", new BsonString("x" + rnd.nextInt(9))).append("y", new BsonInt32(1)));
            }
            d.append("arr", new BsonArray(List.of(new BsonInt32(1), new BsonInt32(2), new BsonInt32(3))));
            return d;
        }
    }
}
