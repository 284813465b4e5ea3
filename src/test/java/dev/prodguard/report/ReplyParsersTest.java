package dev.prodguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The index review's and the slow-operation grouping's parsers on fixtures written from MongoDB's documented reply
 * shapes ({@code src/test/resources/dev/prodguard/report/*.json}): what a real server answers where the embedded
 * one has no {@code $indexStats} or profiler.
 */
class ReplyParsersTest {
    private static List<Document> fixture(String name) throws IOException {
        try (InputStream in = ReplyParsersTest.class.getResourceAsStream(name)) {
            return Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getList("docs", Document.class);
        }
    }

    @Test
    void indexStatsListsIndexesWithoutUseAndTheirObservationWindow() throws IOException {
        List<IndexReview.Unused> unused = IndexReview.unused("users", fixture("indexStats.json"));
        // _id_ is never reported (it cannot be dropped); the used email_1 is not either
        assertThat(unused).containsExactly(new IndexReview.Unused("users", "legacy_status_1", "{legacyStatus: 1}", 0,
                Instant.parse("2026-10-01T04:12:00Z"), "shard0-00.example.net:27017"));
    }

    @Test
    void prefixesOfAnotherIndexAreRedundantUnlessUniquePartialOrSpecial() throws IOException {
        List<IndexReview.Index> indexes = IndexReview.indexes("orders", fixture("listIndexes.json"));
        assertThat(indexes).hasSize(11);
        List<IndexReview.Redundant> r = IndexReview.prefixRedundant(indexes);
        assertThat(r).extracting(IndexReview.Redundant::index).containsExactly("userId_1", "asset_1");
        assertThat(r.get(0).coveredBy()).isEqualTo("userId_1_createdAt_-1");
        assertThat(r.get(0).key()).isEqualTo("{userId: 1}");
        // asset: 1.0 and asset: NumberInt(1) are the same direction
        assertThat(r.get(1).coveredByKey()).isEqualTo("{asset: 1, amount: -1}");
    }

    @Test
    void collectionScansAndSlowShapesComeFromProfilerEntries() throws IOException {
        List<Document> profile = fixture("profile.json");
        assertThat(IndexReview.collectionScans(profile)).containsExactly(new IndexReview.Scans("shop.orders", 3, 900));
        List<SlowShapes.Shape> shapes = SlowShapes.of(profile, 100, 10);
        // worst total first: one aggregate of 900 ms, then two finds (same fields in another order, other values: one
        // shape) of 800 ms together; the 20 ms find is under the threshold
        assertThat(shapes).extracting(SlowShapes.Shape::shape).containsExactly("{sku: ?}", "{customerId: ?, status: ?}",
                "{sessionId: ?}");
        assertThat(shapes.get(1)).isEqualTo(new SlowShapes.Shape("query", "shop.orders", "{customerId: ?, status: ?}", 2,
                800, 420, "COLLSCAN"));
        assertThat(shapes.get(2).op()).isEqualTo("update");
    }
}
