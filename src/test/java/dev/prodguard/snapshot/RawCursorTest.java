package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.testing.TestMongo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The raw cursor hands out exactly the bytes the server sent: on reply fixtures shaped like MongoDB's
 * documented find/getMore replies (fields in any order, every BSON type among the fields it skips),
 * and over the wire across many getMores.
 */
class RawCursorTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    /** Every BSON type, for the reply fields the cursor must skip to find its batch. */
    private static BsonDocument everyType() {
        return new BsonDocument("d", new BsonDouble(1.5)).append("s", new BsonString("héllo"))
                .append("doc", new BsonDocument("a", new BsonInt32(1))).append("arr", new BsonArray(List.of(new BsonInt32(2))))
                .append("bin", new BsonBinary(BsonBinarySubType.UUID_STANDARD, new byte[16]))
                .append("undef", new BsonUndefined()).append("oid", new BsonObjectId(new ObjectId()))
                .append("bool", BsonBoolean.TRUE).append("date", new BsonDateTime(-1L)).append("null", BsonNull.VALUE)
                .append("re", new BsonRegularExpression("^a.*b$", "imx"))
                .append("ptr", new BsonDbPointer("db.coll", new ObjectId()))
                .append("js", new BsonJavaScript("function() { return 1; }")).append("sym", new BsonSymbol("sym"))
                .append("jsScope", new BsonJavaScriptWithScope("x", new BsonDocument("x", new BsonInt32(1))))
                .append("i32", new BsonInt32(-7)).append("ts", new BsonTimestamp(1, 2)).append("i64", new BsonInt64(Long.MIN_VALUE))
                .append("dec", new BsonDecimal128(Decimal128.NEGATIVE_ZERO)).append("min", new BsonMinKey())
                .append("max", new BsonMaxKey());
    }

    private static List<RawBsonDocument> documents(int n) {
        List<RawBsonDocument> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RawBsonDocument.parse(everyType().append("_id", new BsonInt32(i)).toJson()));
        }
        out.add(new RawBsonDocument(new BsonDocument(), new org.bson.codecs.BsonDocumentCodec()));
        return out;
    }

    private static byte[] bytes(RawBsonDocument d) {
        ByteBuffer b = d.getByteBuffer().asNIO();
        return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
    }

    private static List<byte[]> slices(RawCursor.Batch batch) throws Exception {
        List<byte[]> out = new ArrayList<>();
        batch.forEach((b, off, len) -> out.add(Arrays.copyOfRange(b, off, off + len)));
        return out;
    }

    @Test
    void findsTheBatchAmongDocumentedReplyFieldsInAnyOrder() throws Exception {
        List<RawBsonDocument> docs = documents(5);
        // A replica-set find reply: gossip and operation time first, and inside the cursor id, ns and
        // atClusterTime (read concern "snapshot") before the batch; every other type among skipped fields.
        BsonDocument reply = new BsonDocument("$clusterTime", new BsonDocument("clusterTime", new BsonTimestamp(7, 1))
                .append("signature", new BsonDocument("hash", new BsonBinary(new byte[20])).append("keyId", new BsonInt64(0))))
                .append("operationTime", new BsonTimestamp(7, 1))
                .append("extra", everyType())
                .append("cursor", new BsonDocument("id", new BsonInt64(42)).append("ns", new BsonString("db.coll.with.dots"))
                        .append("atClusterTime", new BsonTimestamp(7, 1)).append("more", everyType())
                        .append("firstBatch", new BsonArray(new ArrayList<>(docs)))
                        .append("partialResultsReturned", BsonBoolean.FALSE))
                .append("ok", new BsonDouble(1));
        RawBsonDocument raw = new RawBsonDocument(reply, new org.bson.codecs.BsonDocumentCodec());

        List<byte[]> got = slices(RawCursor.batch(raw, "firstBatch"));

        assertThat(got).hasSize(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            assertThat(got.get(i)).isEqualTo(bytes(docs.get(i)));
        }
        assertThat(RawCursor.batch(raw, "firstBatch").shared()).isSameAs(raw.getByteBuffer().asNIO().array());
    }

    @Test
    void anEmptyBatchHasNoDocuments() throws Exception {
        BsonDocument reply = new BsonDocument("cursor", new BsonDocument("nextBatch", new BsonArray())
                .append("id", new BsonInt64(0)).append("ns", new BsonString("db.c"))).append("ok", new BsonDouble(1));
        RawCursor.Batch b = RawCursor.batch(new RawBsonDocument(reply, new org.bson.codecs.BsonDocumentCodec()), "nextBatch");
        assertThat(b.count()).isZero();
    }

    @Test
    void aMalformedReplyIsAnErrorNotAShortBatch() {
        BsonDocument notDocs = new BsonDocument("cursor", new BsonDocument("firstBatch",
                new BsonArray(List.of(new BsonInt32(1)))).append("id", new BsonInt64(0))).append("ok", new BsonDouble(1));
        assertThatThrownBy(() -> RawCursor.batch(new RawBsonDocument(notDocs, new org.bson.codecs.BsonDocumentCodec()),
                "firstBatch")).isInstanceOf(MongoException.class).hasMessageContaining("not a document");

        BsonDocument noBatch = new BsonDocument("cursor", new BsonDocument("id", new BsonInt64(0))).append("ok", new BsonDouble(1));
        assertThatThrownBy(() -> RawCursor.batch(new RawBsonDocument(noBatch, new org.bson.codecs.BsonDocumentCodec()),
                "firstBatch")).isInstanceOf(MongoException.class).hasMessageContaining("no firstBatch");

        BsonDocument ok = new BsonDocument("cursor", new BsonDocument("firstBatch",
                new BsonArray(List.of(new BsonDocument("a", new BsonInt32(1))))).append("id", new BsonInt64(0)));
        byte[] b = bytes(new RawBsonDocument(ok, new org.bson.codecs.BsonDocumentCodec()));
        int docAt = indexOf(b, new byte[] {0x03, '0', 0}) + 3; // the first batch element's length
        b[docAt] = 100; // runs past its batch
        assertThatThrownBy(() -> RawCursor.batch(new RawBsonDocument(b), "firstBatch"))
                .isInstanceOf(MongoException.class).hasMessageContaining("runs past");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void readsEveryDocumentExactlyAcrossGetMoresAndKillsAnUnfinishedCursor() throws Exception {
        MongoDatabase db = mongo.client().getDatabase(TestMongo.uniqueDb("rawcur"));
        MongoCollection<RawBsonDocument> coll = db.getCollection("c.with dots", RawBsonDocument.class);
        List<RawBsonDocument> docs = new ArrayList<>();
        for (RawBsonDocument d : documents(1000)) { // without the deprecated types the embedded server refuses
            BsonDocument doc = d.decode(new org.bson.codecs.BsonDocumentCodec());
            List.of("undef", "ptr", "sym", "jsScope").forEach(doc::remove);
            docs.add(new RawBsonDocument(doc, new org.bson.codecs.BsonDocumentCodec()));
        }
        coll.insertMany(docs);
        List<byte[]> expected = new ArrayList<>();
        for (RawBsonDocument d : coll.find()) {
            expected.add(bytes(d));
        }

        // a real server ties a cursor to the find's session: one explicit session for all its commands
        boolean sessions = mongo.client().getClusterDescription().getLogicalSessionTimeoutMinutes() != null;
        List<byte[]> got = new ArrayList<>();
        int batches = 0;
        try (com.mongodb.client.ClientSession session = sessions ? mongo.client().startSession() : null;
                RawCursor cursor = new RawCursor(db, session, "c.with dots", 64)) {
            RawCursor.Batch b;
            while ((b = cursor.next()) != null) {
                got.addAll(slices(b));
                batches++;
            }
            assertThat(cursor.id()).isZero();
        }
        assertThat(batches).isGreaterThanOrEqualTo(expected.size() / 64);
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(expected.get(i));
        }

        long id;
        try (com.mongodb.client.ClientSession session = sessions ? mongo.client().startSession() : null;
                RawCursor cursor = new RawCursor(db, session, "c.with dots", 10)) {
            assertThat(cursor.next().count()).isEqualTo(10);
            id = cursor.id();
            assertThat(id).isNotZero();
        }
        assertThatThrownBy(() -> db.runCommand(new BsonDocument("getMore", new BsonInt64(id))
                .append("collection", new BsonString("c.with dots")))).isInstanceOf(MongoCommandException.class);
        db.drop();
    }
}
