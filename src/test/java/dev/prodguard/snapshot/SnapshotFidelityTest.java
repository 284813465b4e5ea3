package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreExecutor;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlan;
import dev.prodguard.restore.RestorePlanner;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.restore.RestoreResult;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Backup then restore gives back every document byte for byte, with options and index definitions. */
class SnapshotFidelityTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void everyTypeAndNameComesBackByteForByte() {
        String source = TestMongo.uniqueDb("fid");
        MongoDatabase src = mongo.client().getDatabase(source);
        List<String> names = FidelityData.fill(src, 5_000, mongo.isEmbedded());
        try (Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null)) {
            // small objects and batches so that collections span several objects
            SnapshotOptions opts = SnapshotOptions.defaults().withMaxObjectRawBytes(256 * 1024).withBatchSize(500);
            SnapshotResult snap = new SnapshotService(mongo.client(), repo, opts, Clock.systemUTC())
                    .take(source, ProgressListener.NONE);
            System.out.printf("fidelity snapshot: %d docs, %d bytes raw, %d stored, %d ms, %.0f docs/s%n",
                    snap.documents(), snap.rawBytes(), snap.storedBytes(), snap.durationMillis(), snap.docsPerSecond());
            assertThat(snap.collections()).isEqualTo(names.size());

            SnapshotManifest m = new SnapshotCatalog(repo).resolve("latest");
            assertThat(m.id()).isEqualTo(snap.id());
            assertThat(m.collection(FidelityData.DOTTED).objects()).hasSizeGreaterThan(1);
            assertThat(m.collection(FidelityData.EMPTY).documents()).isZero();
            assertThat(m.collection(FidelityData.EMPTY).contentHash()).isEqualTo("0".repeat(32));

            String target = source + "_r";
            RestorePlan plan = RestorePlanner.forSnapshot(repo, "latest", RestoreRequest.defaults().withTargetDb(target));
            RestoreResult r = new RestoreExecutor(mongo.client(), repo, RestoreOptions.defaults(), Clock.systemUTC())
                    .execute(plan);
            System.out.printf("fidelity restore: %d docs, %d ms, %.0f docs/s%n", r.documents(), r.durationMillis(),
                    r.docsPerSecond());
            assertThat(r.documents()).isEqualTo(snap.documents());

            MongoDatabase dst = mongo.client().getDatabase(target);
            assertThat(collectionNames(dst)).containsExactlyInAnyOrderElementsOf(names);
            for (String name : names) {
                assertThat(RawCompare.documents(dst, name)).as(name).isEqualTo(RawCompare.documents(src, name));
                assertThat(RawCompare.indexes(dst, name)).as("indexes of " + name).isEqualTo(RawCompare.indexes(src, name));
            }
            // the deep and typed document really holds what we wrote, field order included
            RawBsonDocument typed = dst.getCollection(FidelityData.TYPES, RawBsonDocument.class).find().first();
            assertThat(new ArrayList<>(typed.keySet())).isEqualTo(new ArrayList<>(FidelityData.everyType(mongo.isEmbedded()).keySet()));
            assertThat(typed.toJson()).isEqualTo(FidelityData.everyType(mongo.isEmbedded()).toJson());
        }
    }

    private static List<String> collectionNames(MongoDatabase db) {
        List<String> out = new ArrayList<>();
        db.listCollectionNames().into(out);
        out.removeIf(n -> n.startsWith("system."));
        return out;
    }

}
