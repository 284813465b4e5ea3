package dev.prodguard.doctor;

import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.DeleteResult;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The user's guide's Step 7: write a test document into {@code prodguard_connection_test} of the
 * database, read it back, delete it, each step timed; then drop the collection when it is empty,
 * so nothing is left behind.
 */
final class ConnectionTest {
    /** The collection the test writes to; like all of prodguard's own collections it starts with prodguard_. */
    static final String COLLECTION = "prodguard_connection_test";

    /** Each step's check, and the first error (null when all passed). */
    record Outcome(List<Check> steps, Throwable writeError, Throwable readError, Throwable error, String failedStep) {
        boolean ok() {
            return error == null;
        }

        Check step(String name) {
            return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        }
    }

    private ConnectionTest() {}

    static Outcome run(MongoClient client, String database) {
        MongoCollection<Document> coll = client.getDatabase(database).getCollection(COLLECTION)
                .withReadPreference(ReadPreference.primary());
        if (!coll.getWriteConcern().isAcknowledged()) {
            coll = coll.withWriteConcern(WriteConcern.ACKNOWLEDGED); // w=0 would hide a failed write
        }
        List<Check> steps = new ArrayList<>();
        ObjectId id = new ObjectId();
        Document doc = new Document("_id", id).append("test", "connection").append("by", "prodguard doctor")
                .append("at", new Date());
        Throwable writeError = null;
        long t = System.nanoTime();
        try {
            coll.insertOne(doc);
            steps.add(Check.pass("write", "inserted a test document", Doctor.millisSince(t)));
        } catch (RuntimeException e) {
            writeError = e;
            steps.add(Check.fail("write", DriverErrors.describe(e), Doctor.millisSince(t)));
        }
        t = System.nanoTime();
        Document back;
        try {
            back = coll.find(Filters.eq("_id", id)).first();
        } catch (RuntimeException e) {
            steps.add(Check.fail("read", DriverErrors.describe(e), Doctor.millisSince(t)));
            return new Outcome(steps, writeError, e, writeError != null ? writeError : e, writeError != null ? "write" : "read");
        }
        if (writeError != null) {
            steps.add(Check.pass("read", "read allowed (nothing to read back: the write failed)", Doctor.millisSince(t)));
            return new Outcome(steps, writeError, null, writeError, "write");
        }
        if (back == null) {
            IllegalStateException e = new IllegalStateException("the document just written was not found");
            steps.add(Check.fail("read", e.getMessage(), Doctor.millisSince(t)));
            return new Outcome(steps, null, null, e, "read");
        }
        steps.add(Check.pass("read", "read the test document back (_id " + id.toHexString() + ")", Doctor.millisSince(t)));
        t = System.nanoTime();
        try {
            DeleteResult r = coll.deleteOne(Filters.eq("_id", id));
            if (r.getDeletedCount() != 1) {
                IllegalStateException e = new IllegalStateException("deleted " + r.getDeletedCount() + " documents, expected 1");
                steps.add(Check.fail("delete", e.getMessage(), Doctor.millisSince(t)));
                return new Outcome(steps, null, null, e, "delete");
            }
            steps.add(Check.pass("delete", "deleted the test document", Doctor.millisSince(t)));
        } catch (RuntimeException e) {
            steps.add(Check.fail("delete", DriverErrors.describe(e), Doctor.millisSince(t)));
            return new Outcome(steps, null, null, e, "delete");
        }
        steps.add(cleanUp(coll));
        return new Outcome(steps, null, null, null, null);
    }

    /** Drops the test collection when nothing else is in it (another doctor may be running). */
    private static Check cleanUp(MongoCollection<Document> coll) {
        long t = System.nanoTime();
        try {
            if (coll.countDocuments(new Document(), new com.mongodb.client.model.CountOptions().limit(1)) == 0) {
                coll.drop();
                return Check.pass("clean up", "dropped the empty " + COLLECTION + " collection", Doctor.millisSince(t));
            }
            return Check.pass("clean up", COLLECTION + " still holds another run's documents; left in place",
                    Doctor.millisSince(t));
        } catch (RuntimeException e) {
            return new Check("clean up", Status.NOT_CHECKED, "could not drop the empty test collection: "
                    + DriverErrors.describe(e), Doctor.millisSince(t));
        }
    }
}
