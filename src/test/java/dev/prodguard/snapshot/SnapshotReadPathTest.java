package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.demo.ExchangeDataset;
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
 * (MONGO_URL {@code readPreference=secondaryPreferred}) with the driver's cursor; both store the same content.
 */
class SnapshotReadPathTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void bothReadPathsStoreTheSameDocuments() {
        String db = TestMongo.uniqueDb("readpath");
        new ExchangeDataset(3L, 40).writeTo(mongo.client().getDatabase(db));
        String sep = mongo.uri().contains("?") ? "&" : "/?";
        try (MongoClient secondaryPreferred = MongoClients.create(mongo.uri() + sep + "readPreference=secondaryPreferred");
                Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null)) {
            SnapshotOptions small = SnapshotOptions.defaults().withBatchSize(50); // many getMores
            SnapshotResult raw = new SnapshotService(mongo.client(), repo, small, Clock.systemUTC()).take(db, ProgressListener.NONE);
            SnapshotResult driver = new SnapshotService(secondaryPreferred, repo, small, Clock.systemUTC())
                    .take(db, ProgressListener.NONE);
            SnapshotCatalog catalog = new SnapshotCatalog(repo);
            SnapshotManifest a = catalog.resolve(raw.id());
            SnapshotManifest b = catalog.resolve(driver.id());
            assertThat(raw.documents()).isGreaterThan(500).isEqualTo(driver.documents());
            assertThat(a.collections()).hasSameSizeAs(b.collections());
            for (CollectionEntry c : a.collections()) {
                CollectionEntry d = b.collection(c.name());
                assertThat(d.documents()).as(c.name()).isEqualTo(c.documents());
                assertThat(d.contentHash()).as(c.name()).isEqualTo(c.contentHash());
                assertThat(d.rawBytes()).as(c.name()).isEqualTo(c.rawBytes());
            }
        } finally {
            mongo.client().getDatabase(db).drop();
        }
    }
}
