package dev.prodguard.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Every reply parser on shapes written from MongoDB's documentation (and the embedded server's own). */
class RepliesTest {

    @Test
    void serverStatusReadsConnectionsAndOpcounters() {
        ServerStatusReply r = ServerStatusReply.parse(Fixtures.doc("serverStatus.json"));
        assertThat(r.realMongo()).isTrue();
        assertThat(r.connections()).hasValueSatisfying(c -> {
            assertThat(c.current()).isEqualTo(412);
            assertThat(c.available()).hasValue(88);
            assertThat(c.totalCreated()).hasValue(19873);
        });
        assertThat(r.opcounters()).hasValueSatisfying(o -> {
            assertThat(o.values()).containsExactly(120000, 560000, 91000, 1200, 45000, 880000);
        });
    }

    @Test
    void atlasFreeClusterServerStatusHasConnectionsButNoOpcounters() {
        ServerStatusReply r = ServerStatusReply.parse(Fixtures.doc("serverStatus-atlas-m0.json"));
        assertThat(r.connections()).hasValueSatisfying(c -> assertThat(c.available()).hasValue(491));
        assertThat(r.opcounters()).isEmpty();
    }

    @Test
    void embeddedServerStatusHasOnlyCurrentConnections() {
        ServerStatusReply r = ServerStatusReply.parse(Fixtures.doc("serverStatus-embedded.json"));
        assertThat(r.realMongo()).isFalse();
        assertThat(r.connections()).hasValueSatisfying(c -> {
            assertThat(c.current()).isEqualTo(1);
            assertThat(c.available()).isEmpty();
        });
        assertThat(r.opcounters()).isEmpty();
        assertThat(ServerStatusReply.parse(new Document("ok", 1)).connections()).isEmpty();
    }

    @Test
    void currentOpKeepsActiveOperationsAboveTheThreshold() {
        List<SlowOperation> slow = CurrentOpReply.parse(Fixtures.doc("currentOp.json"), 100);
        assertThat(slow).containsExactly(
                new SlowOperation("query", "coinhubx_production.transactions", 250, "currentOp"),
                new SlowOperation("update", "coinhubx_production.wallets", 3000, "currentOp")); // secs_running only
        assertThat(CurrentOpReply.parse(Fixtures.doc("currentOp.json"), 0)).hasSize(3); // idle session skipped
        assertThat(CurrentOpReply.parse(new Document("inprog", List.of()), 0)).isEmpty();
    }

    @Test
    void profilerLevelAndEntries() {
        ProfileReply level = ProfileReply.parse(Fixtures.doc("profile-level.json"));
        assertThat(level.enabled()).isTrue();
        assertThat(level.slowMs()).isEqualTo(100);
        assertThat(ProfileReply.parse(Document.parse("{was: 0, slowms: 100, ok: 1}")).enabled()).isFalse();

        List<Document> entries = Fixtures.docs("system.profile.json");
        assertThat(ProfileReply.entries(entries, 100)).extracting(SlowOperation::millis).containsExactly(182L, 1450L);
        assertThat(ProfileReply.latest(entries).toInstant()).isEqualTo(Instant.parse("2026-11-25T09:59:59.500Z"));
    }

    @Test
    void dbStatsAndAtlasSize() {
        StorageStats db = StorageStats.fromDbStats(Fixtures.doc("dbStats.json"));
        assertThat(db.name()).isEqualTo("coinhubx_production");
        assertThat(db.dataSize()).isEqualTo(146_867_200L);
        assertThat(db.storageSize()).isEqualTo(61_440_000L);
        assertThat(db.indexSize()).isEqualTo(12_288_000L);
        assertThat(db.objects()).isEqualTo(530_025L);
        assertThat(db.quotaBytes()).isEqualTo(146_867_200L + 12_288_000L);

        // a reply scaled to KB (dbStats {scale: 1024}) is brought back to bytes
        Document scaled = Document.parse("{db: 'x', dataSize: 2.0, storageSize: 4, indexSize: 1, scaleFactor: 1024}");
        assertThat(StorageStats.fromDbStats(scaled).dataSize()).isEqualTo(2048);

        StorageStats atlas = StorageStats.fromAtlasSize(Fixtures.doc("atlasSize.json"));
        assertThat(atlas.quotaBytes()).isEqualTo(537_683_300L); // atlasSize: data + index, what the quota counts
        assertThat(atlas.indexSize()).isEqualTo(4_792_320L);
    }

    @Test
    void collStatsCommandAndAggregateStage() {
        CollectionStats c = CollectionStats.fromCollStats(Fixtures.doc("collStats.json"));
        assertThat(c).isEqualTo(new CollectionStats("transactions", 120_000, 52_428_800, 20_971_520, 4_194_304));

        CollectionStats a = CollectionStats.fromAggregate(Fixtures.docs("collStats-aggregate.json").get(0));
        assertThat(a).isEqualTo(new CollectionStats("wallets", 5000, 2_048_000, 1_024_000, 262_144));

        // the embedded server's collStats: indexSize as a per-index document, no totalIndexSize
        Document embedded = Document.parse("{ns: 'probe.wallets', count: 1, size: 29, storageSize: 0,"
                + " nindexes: 1, indexSize: {_id_: 1}, ok: 1}");
        assertThat(CollectionStats.fromCollStats(embedded)).isEqualTo(new CollectionStats("wallets", 1, 29, 0, 1));
    }

    @Test
    void replSetGetStatusFindsThePrimaryAndItsElection() {
        ReplSetStatusReply r = ReplSetStatusReply.parse(Fixtures.doc("replSetGetStatus.json"));
        assertThat(r.set()).isEqualTo("rs0");
        assertThat(r.members()).hasSize(3);
        assertThat(r.primary()).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("db1.example.net:27017");
            assertThat(p.electionDate()).isEqualTo(Instant.parse("2026-11-24T08:26:40Z"));
        });
        assertThat(ReplSetStatusReply.parse(Document.parse("{set: 'rs0', members: [], ok: 1}")).primary()).isEmpty();
    }
}
