package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot reads the primary with raw reply buffers, and a database read with another read preference
 * (MONGO_URL {@code readPreference=secondaryPreferred}) with the driver's cursor; with a read concern in the
 * URI the raw cursor's find carries it. All store the same content.
 */
class SnapshotReadPathTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private final java.util.List<org.bson.BsonDocument> finds = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void bothReadPathsStoreTheSameDocuments() {
        String db = TestMongo.uniqueDb("readpath");
        new ExchangeDataset(3L, 40).writeTo(mongo.client().getDatabase(db));
        String sep = mongo.uri().contains("?") ? "&" : "/?";
        try (MongoClient secondaryPreferred = MongoClients.create(mongo.uri() + sep + "readPreference=secondaryPreferred");
                MongoClient withReadConcern = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                        .applyConnectionString(new com.mongodb.ConnectionString(mongo.uri() + sep + "readConcernLevel=local"))
                        .addCommandListener(new com.mongodb.event.CommandListener() {
                            @Override
                            public void commandStarted(com.mongodb.event.CommandStartedEvent e) {
                                if (e.getCommandName().equals("find")) {
                                    finds.add(e.getCommand().clone());
                                }
                            }
                        }).build());
                Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null)) {
            SnapshotOptions small = SnapshotOptions.defaults().withBatchSize(50); // many getMores
            SnapshotResult raw = new SnapshotService(mongo.client(), repo, small, Clock.systemUTC()).take(db, ProgressListener.NONE);
            SnapshotResult driver = new SnapshotService(secondaryPreferred, repo, small, Clock.systemUTC())
                    .take(db, ProgressListener.NONE);
            SnapshotResult concern = new SnapshotService(withReadConcern, repo, small, Clock.systemUTC())
                    .take(db, ProgressListener.NONE); // raw cursor, find carrying the URI's read concern
            assertThat(finds).isNotEmpty().allSatisfy(f -> assertThat(f.getDocument("readConcern", new org.bson.BsonDocument())
                    .getString("level", new org.bson.BsonString("")).getValue()).isEqualTo("local"));
            SnapshotCatalog catalog = new SnapshotCatalog(repo);
            SnapshotManifest a = catalog.resolve(raw.id());
            assertThat(raw.documents()).isGreaterThan(500);
            for (SnapshotResult other : java.util.List.of(driver, concern)) {
                SnapshotManifest b = catalog.resolve(other.id());
                assertThat(other.documents()).isEqualTo(raw.documents());
                assertThat(a.collections()).hasSameSizeAs(b.collections());
                for (CollectionEntry c : a.collections()) {
                    CollectionEntry d = b.collection(c.name());
                    assertThat(d.documents()).as(c.name()).isEqualTo(c.documents());
                    assertThat(d.contentHash()).as(c.name()).isEqualTo(c.contentHash());
                    assertThat(d.rawBytes()).as(c.name()).isEqualTo(c.rawBytes());
                }
            }
        } finally {
            mongo.client().getDatabase(db).drop();
        }
    }
}
