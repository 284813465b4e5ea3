package dev.prodguard.monitor;

import dev.prodguard.testing.LogCapture;
import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.InMemoryAlertStore;
import dev.prodguard.alert.Notification;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Elections from the driver's topology events, built from the driver's own description classes. */
class TopologyWatcherTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private ClusterDescription last = new ClusterDescription(ClusterConnectionMode.MULTIPLE, ClusterType.UNKNOWN,
            List.of());

    @TempDir
    Path dir;

    private static ServerDescription member(String host, ServerType type, ObjectId electionId) {
        ServerDescription.Builder b = ServerDescription.builder().address(new ServerAddress(host, 27017))
                .state(ServerConnectionState.CONNECTED).type(type).setName("rs0").ok(true);
        if (electionId != null) {
            b.electionId(electionId).setVersion(1);
        }
        return b.build();
    }

    private static ServerDescription unknown(String host) {
        return ServerDescription.builder().address(new ServerAddress(host, 27017))
                .state(ServerConnectionState.CONNECTING).type(ServerType.UNKNOWN).build();
    }

    /** Feeds the watcher the next cluster description, as the driver's monitor threads would. */
    private void feed(TopologyWatcher w, ServerDescription... servers) {
        ClusterDescription next = new ClusterDescription(ClusterConnectionMode.MULTIPLE, ClusterType.REPLICA_SET,
                List.of(servers));
        w.clusterDescriptionChanged(new ClusterDescriptionChangedEvent(new ClusterId(), next, last));
        last = next;
    }

    @Test
    void aNewPrimaryIsAnElectionTheFirstOneIsNot() {
        TopologyWatcher w = new TopologyWatcher(clock);
        ObjectId e1 = new ObjectId();
        feed(w, unknown("db0"), unknown("db1"));
        feed(w, member("db0", ServerType.REPLICA_SET_PRIMARY, e1), member("db1", ServerType.REPLICA_SET_SECONDARY, null));
        assertThat(w.drain()).isEmpty(); // discovering the primary is not an election
        assertThat(w.replicaSet()).isTrue();
        feed(w, member("db0", ServerType.REPLICA_SET_PRIMARY, e1), member("db1", ServerType.REPLICA_SET_SECONDARY, null));
        assertThat(w.drain()).isEmpty(); // a heartbeat with nothing new

        clock.advance(Duration.ofSeconds(5));
        feed(w, unknown("db0"), member("db1", ServerType.REPLICA_SET_SECONDARY, null)); // primary lost
        ObjectId e2 = new ObjectId();
        feed(w, unknown("db0"), member("db1", ServerType.REPLICA_SET_PRIMARY, e2));
        assertThat(w.drain()).containsExactly(new PrimaryChange(clock.instant(), "db0:27017", "db1:27017",
                "topology events"));
        assertThat(w.drain()).isEmpty();

        // the same member winning a new election (new electionId) is an election too
        feed(w, unknown("db0"), member("db1", ServerType.REPLICA_SET_PRIMARY, new ObjectId()));
        assertThat(w.drain()).extracting(PrimaryChange::describe).containsExactly("db1:27017 -> db1:27017");
        assertThat(w.primary()).hasValue("db1:27017");
    }

    @Test
    void standaloneServersAndMongosNeverHoldElections() {
        TopologyWatcher w = new TopologyWatcher(clock);
        for (String host : List.of("a", "b", "c")) { // a writable server whose address changes is not an election
            ServerDescription s = ServerDescription.builder().address(new ServerAddress(host, 27017))
                    .state(ServerConnectionState.CONNECTED).type(host.equals("c") ? ServerType.SHARD_ROUTER
                            : ServerType.STANDALONE).ok(true).build();
            w.clusterDescriptionChanged(new ClusterDescriptionChangedEvent(new ClusterId(),
                    new ClusterDescription(ClusterConnectionMode.SINGLE, ClusterType.STANDALONE, List.of(s)), last));
        }
        assertThat(w.drain()).isEmpty();
        assertThat(w.replicaSet()).isFalse();
        assertThat(w.primary()).isEmpty();
    }

    @Test
    void aPrimaryChangeFedToTheGuardiansWatcherRaisesAndResolvesTheElectionAlert() throws Exception {
        List<Notification> sent = new ArrayList<>();
        AlertManager alerts = new AlertManager(clock, new InMemoryAlertStore(), AlertPolicy.DEFAULT, sent::add);
        TopologyWatcher watcher = new TopologyWatcher(clock);
        Settings settings = new SettingsLoader(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", TestMongo.uniqueDb("el")),
                dir, dir).load();
        MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(new ConnectionString(mongo.uri()));
        try (LogCapture log = new LogCapture();
                MongoClient client = MongoClients.create(watcher.attach(b).build());
                SampleStore store = SampleStore.open(dir.resolve("state"));
                Monitor monitor = Monitor.start(client, watcher, settings, store, alerts, clock, null)) {
            monitor.sampleOnce();
            assertThat(sent).isEmpty();
            int capabilityLines = count(log.text(), "Monitor - monitor: ");

            ObjectId e1 = new ObjectId();
            feed(watcher, member("db0", ServerType.REPLICA_SET_PRIMARY, e1), member("db1", ServerType.REPLICA_SET_SECONDARY, null));
            feed(watcher, member("db0", ServerType.REPLICA_SET_SECONDARY, null),
                    member("db1", ServerType.REPLICA_SET_PRIMARY, new ObjectId()));
            clock.advance(Duration.ofMinutes(1));
            monitor.sampleOnce();
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).kind()).isEqualTo(Notification.Kind.OPENED);
            assertThat(sent.get(0).alert().key()).isEqualTo(MonitorRules.ELECTION);
            assertThat(sent.get(0).alert().title()).contains("db0:27017 -> db1:27017");
            assertThat(store.latest("elections.count", "")).hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(1));

            for (int i = 0; i < 30; i++) { // thirty quiet one-minute rounds
                clock.advance(Duration.ofMinutes(1));
                monitor.sampleOnce();
            }
            assertThat(sent).extracting(Notification::kind)
                    .containsExactly(Notification.Kind.OPENED, Notification.Kind.RESOLVED);
            // the new primary was probed again, but nothing changed, so nothing was said again
            assertThat(count(log.text(), "Monitor - monitor: ")).isEqualTo(capabilityLines);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
