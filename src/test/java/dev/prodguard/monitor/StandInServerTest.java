package dev.prodguard.monitor;

import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.InMemoryAlertStore;
import dev.prodguard.alert.Notification;
import dev.prodguard.alert.Severity;
import dev.prodguard.config.SettingsLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samplers' AVAILABLE paths over the wire: a server answering currentOp, atlasSize,
 * replSetGetStatus and a full serverStatus with the documentation-shaped fixtures drives the
 * connection, slow-operation, storage-quota and election alerts through the Monitor.
 */
class StandInServerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<Notification> sent = new ArrayList<>();

    @Test
    void documentedRepliesDriveEveryMonitoringAlert() throws Exception {
        try (StandInServer server = new StandInServer();
                MongoClient client = MongoClients.create(server.uri());
                SampleStore store = SampleStore.open(dir.resolve("state"))) {
            server.answer("serverStatus", Fixtures.doc("serverStatus.json"));
            server.answer("currentOp", Fixtures.doc("currentOp.json"));
            server.answer("atlasSize", Fixtures.doc("atlasSize.json"));
            server.answer("replSetGetStatus", Fixtures.doc("replSetGetStatus.json"));
            client.getDatabase("coinhubx_production").getCollection("wallets").insertOne(new Document("u", 1));
            AlertManager alerts = new AlertManager(clock, new InMemoryAlertStore(), AlertPolicy.DEFAULT, sent::add);
            var settings = new SettingsLoader(Map.of("MONGO_URL", server.uri(), "DB_NAME", "coinhubx_production"),
                    dir, dir).load();
            Monitor monitor = Monitor.start(client, settings, store, alerts, clock, null);

            monitor.sampleOnce();
            Map<String, SamplerStatus> st = monitor.status().stream()
                    .collect(Collectors.toMap(SamplerStatus::name, Function.identity()));
            assertThat(st.get("connections").capability().describe())
                    .isEqualTo("available from serverStatus.connections (limit = current + available)");
            assertThat(st.get("operation counters").capability().source()).isEqualTo("serverStatus.opcounters");
            assertThat(st.get("slow operations").capability().source()).isEqualTo("currentOp");
            assertThat(st.get("storage").capability().describe()).contains("atlasSize")
                    .contains("assuming M0's 512 MB quota");
            assertThat(st.get("elections").capability().source()).isEqualTo("replSetGetStatus");

            Map<String, Alert> open = alerts.active().stream().collect(Collectors.toMap(Alert::key, a -> a));
            assertThat(open.get(MonitorRules.CONNECTIONS).title()).isEqualTo("Connections at 412 of 500 (82 %)");
            assertThat(open.get(MonitorRules.SLOW_OPS).title()).isEqualTo("Operations slower than 100 ms (slowest 3000 ms)");
            assertThat(open.get(MonitorRules.SLOW_OPS).details().get("operations")).isEqualTo(List.of(
                    "update coinhubx_production.wallets 3000 ms", "query coinhubx_production.transactions 250 ms"));
            // atlasSize 537,683,300 bytes of 512 MiB: just over the quota
            assertThat(open.get(MonitorRules.STORAGE).severity()).isEqualTo(Severity.CRITICAL);
            assertThat(open.get(MonitorRules.STORAGE).title()).isEqualTo("Storage at 512.8 MB of the 512 MB quota (100 %)");
            assertThat(open).doesNotContainKey(MonitorRules.ELECTION); // the first electionDate is a baseline

            // a minute later: 600 more inserts (10/s); nothing slow; a new primary won an election
            Document status = Fixtures.doc("serverStatus.json");
            status.get("opcounters", Document.class).put("insert", 120_600L);
            server.answer("serverStatus", status);
            server.answer("currentOp", new Document("inprog", List.of()).append("ok", 1));
            Document rs = Fixtures.doc("replSetGetStatus.json");
            List<Document> members = rs.getList("members", Document.class);
            members.get(1).put("stateStr", "SECONDARY");
            members.get(0).put("stateStr", "PRIMARY");
            members.get(0).put("electionDate", Date.from(T0.plusSeconds(30)));
            server.answer("replSetGetStatus", rs);
            clock.advance(Duration.ofMinutes(1));
            monitor.sampleOnce();

            assertThat(store.latest("ops.insert.rate", "")).hasValueSatisfying(s -> assertThat(s.value()).isEqualTo(10.0));
            Alert election = alerts.active().stream().filter(a -> a.key().equals(MonitorRules.ELECTION)).findFirst()
                    .orElseThrow();
            assertThat(election.title()).isEqualTo(
                    "Replica-set election: primary changed db1.example.net:27017 -> db0.example.net:27017");
            assertThat(election.details()).containsEntry("seen by", "replSetGetStatus");

            clock.advance(Duration.ofMinutes(1));
            monitor.sampleOnce();
            clock.advance(Duration.ofMinutes(1));
            monitor.sampleOnce(); // third clean sample
            assertThat(sent.stream().filter(n -> n.alert().key().equals(MonitorRules.SLOW_OPS)).map(Notification::kind))
                    .containsExactly(Notification.Kind.OPENED, Notification.Kind.RESOLVED);
            assertThat(sent.stream().filter(n -> n.kind() == Notification.Kind.OPENED)).hasSize(4);
        }
    }

    @Test
    void withoutCurrentOpTheProfilerIsReadWhereItIsOn() throws Exception {
        try (StandInServer server = new StandInServer();
                MongoClient client = MongoClients.create(server.uri());
                SampleStore store = SampleStore.open(dir.resolve("state"))) {
            server.answer("profile", Fixtures.doc("profile-level.json")); // level 1, slowms 100
            AlertManager alerts = new AlertManager(clock, new InMemoryAlertStore(), AlertPolicy.DEFAULT, sent::add);
            var settings = new SettingsLoader(Map.of("MONGO_URL", server.uri(), "DB_NAME", "coinhubx_production"),
                    dir, dir).load();
            Monitor monitor = Monitor.start(client, settings, store, alerts, clock, null);
            monitor.sampleOnce();
            SamplerStatus slow = monitor.status().get(2);
            assertThat(slow.capability().describe()).isEqualTo("available from system.profile (profiler level 1, slowms 100)");
            assertThat(alerts.active()).isEmpty();

            // the profiler records operations that finished since; shifted to after the first round
            List<Document> entries = Fixtures.docs("system.profile.json");
            entries.forEach(e -> e.put("ts", Date.from(e.getDate("ts").toInstant().plus(Duration.ofMinutes(1)))));
            server.profile("coinhubx_production", entries);
            clock.advance(Duration.ofMinutes(1));
            monitor.sampleOnce();
            assertThat(alerts.active()).singleElement().satisfies(a -> {
                assertThat(a.title()).isEqualTo("Operations slower than 100 ms (slowest 1450 ms)");
                assertThat(a.details().get("operations")).isEqualTo(List.of("command coinhubx_production.trades 1450 ms",
                        "query coinhubx_production.transactions 182 ms"));
            });
            // already-read entries are not counted again
            clock.advance(Duration.ofMinutes(1));
            monitor.sampleOnce();
            assertThat(store.latest("slowops.count", "")).hasValueSatisfying(s -> assertThat(s.value()).isZero());
        }
    }
}
