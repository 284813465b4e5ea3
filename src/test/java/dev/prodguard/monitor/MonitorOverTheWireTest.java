package dev.prodguard.monitor;

import dev.prodguard.testing.LogCapture;
import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.InMemoryAlertStore;
import dev.prodguard.alert.Notification;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against the embedded server over the wire: each missing source (currentOp, profile,
 * replSetGetStatus, opcounters, $collStats) is probed once and reported "not available" once,
 * however many rounds run; what exists is sampled and kept; a passing failure is logged once.
 */
class MonitorOverTheWireTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> commands = new ConcurrentHashMap<>();

    private Settings settings(String db, String yml) throws Exception {
        if (yml != null) {
            java.nio.file.Files.writeString(dir.resolve("prodguard.yml"), yml);
        }
        return new SettingsLoader(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db,
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()), dir, dir).load();
    }

    private MongoClient countingClient(String uri, TopologyWatcher watcher, int timeoutMs) {
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent e) {
                String name = e.getCommandName();
                if (name.equals("aggregate") && e.getCommand().toJson().contains("$collStats")) {
                    name = "aggregate $collStats";
                }
                commands.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            }
        };
        MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .addCommandListener(counter)
                .applyToClusterSettings(c -> c.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(timeoutMs, TimeUnit.MILLISECONDS));
        if (watcher != null) {
            watcher.attach(b);
        }
        return MongoClients.create(b.build());
    }

    private int sent(String command) {
        AtomicInteger n = commands.get(command);
        return n == null ? 0 : n.get();
    }

    @Test
    void missingSourcesAreProbedOnceAndReportedOnceAcrossManyRounds() throws Exception {
        Assumptions.assumeTrue(mongo.isEmbedded(), "asserts the embedded server's missing commands");
        String db = TestMongo.uniqueDb("monitor");
        mongo.client().getDatabase(db).getCollection("wallets").insertMany(List.of(new Document("u", 1),
                new Document("u", 2)));
        mongo.client().getDatabase(db).getCollection("trades").insertOne(new Document("p", 1));
        TopologyWatcher watcher = new TopologyWatcher(clock);
        AlertManager alerts = new AlertManager(clock, new InMemoryAlertStore(), AlertPolicy.DEFAULT, sent::add);
        try (LogCapture log = new LogCapture();
                MongoClient client = countingClient(mongo.uri(), watcher, 3000);
                SampleStore store = SampleStore.open(dir.resolve("state"));
                Monitor monitor = Monitor.start(client, watcher, settings(db, null), store, alerts, clock, null)) {
            for (int i = 0; i < 30; i++) { // half an hour of one-minute rounds
                monitor.sampleOnce();
                clock.advance(Duration.ofMinutes(1));
            }

            Map<String, SamplerStatus> st = monitor.status().stream()
                    .collect(Collectors.toMap(SamplerStatus::name, Function.identity()));
            assertThat(st.get("connections").capability().state()).isEqualTo(Capability.State.AVAILABLE);
            assertThat(st.get("connections").capability().note()).contains("always reports 1");
            assertThat(st.get("connections").lastValues()).containsEntry("connections.current", 1.0)
                    .containsEntry("connections.limit", 500.0);
            assertThat(st.get("operation counters").capability().describe())
                    .isEqualTo("not available on this server: serverStatus has no opcounters section");
            assertThat(st.get("slow operations").capability().describe())
                    .startsWith("not available on this server: currentOp: no such command")
                    .contains("profiler: no such command: 'profile'");
            assertThat(st.get("storage").capability().describe()).contains("dbStats of " + db)
                    .contains("set monitor.quota_mb");
            assertThat(st.get("elections").capability().describe()).isEqualTo("available from topology events"
                    + " (replSetGetStatus not available on this server: not running with --replSet (NoReplicationEnabled))");
            assertThat(st.get("collection growth").capability().describe())
                    .isEqualTo("available from collStats (the $collStats stage is not available on this server)");
            assertThat(st.values()).allSatisfy(s -> assertThat(s.lastError()).isNull());

            // each missing source was asked exactly once in 30 rounds
            assertThat(sent("currentOp")).isEqualTo(1);
            assertThat(sent("profile")).isEqualTo(1);
            assertThat(sent("replSetGetStatus")).isEqualTo(1);
            assertThat(sent("atlasSize")).isEqualTo(1);
            assertThat(sent("aggregate $collStats")).isEqualTo(1);
            // connections and operation counters share one serverStatus per round
            assertThat(sent("serverStatus")).isEqualTo(30);
            // storage every 5 minutes, collections every 15
            assertThat(sent("dbStats")).isEqualTo(6);
            assertThat(sent("collStats")).isEqualTo(2 * 2); // 2 rounds x 2 collections; the probe's answer is reused

            String text = log.text();
            assertThat(count(text, "Monitor - monitor: ")).isEqualTo(6); // one line per sampler, once
            assertThat(count(text, "operation counters not available")).isEqualTo(1);
            assertThat(count(text, "slow operations not available")).isEqualTo(1);
            assertThat(text).doesNotContain("WARN");
            assertThat(sent).isEmpty(); // 1 of 500 connections, nothing slow, no quota, no election

            assertThat(store.series("connections.current", "", T0, clock.instant())).hasSize(30);
            assertThat(store.latest("collection.count", "wallets")).hasValueSatisfying(s ->
                    assertThat(s.value()).isEqualTo(2));
            assertThat(store.subjects("collection.count")).containsExactly("trades", "wallets");
            assertThat(store.latest("storage.data_bytes", db)).isPresent();
        }
    }

    @Test
    void withoutATopologyWatcherElectionsAreNotAvailableOnAStandalone() throws Exception {
        Assumptions.assumeTrue(mongo.isEmbedded(), "asserts the embedded server's missing commands");
        AlertManager alerts = new AlertManager(clock, new InMemoryAlertStore(), AlertPolicy.DEFAULT, sent::add);
        try (LogCapture log = new LogCapture();
                MongoClient client = countingClient(mongo.uri(), null, 3000);
                SampleStore store = SampleStore.open(dir.resolve("state"));
                Monitor monitor = Monitor.start(client, settings(TestMongo.uniqueDb("m"), "monitor:\n  quota_mb: 512\n"),
                        store, alerts, clock, null)) {
            for (int i = 0; i < 10; i++) {
                monitor.sampleOnce();
                clock.advance(Duration.ofMinutes(1));
            }
            SamplerStatus el = monitor.status().stream().filter(s -> s.name().equals("elections")).findFirst().orElseThrow();
            assertThat(el.capability().describe()).startsWith("not available on this server: replSetGetStatus:")
                    .endsWith("no topology watcher on the client");
            assertThat(count(log.text(), "elections not available on this server")).isEqualTo(1);
            assertThat(sent("replSetGetStatus")).isEqualTo(1);
            // a configured quota gives a quota share even on an empty database
            assertThat(store.latest("storage.quota_bytes", "")).hasValueSatisfying(s ->
                    assertThat(s.value()).isEqualTo(512.0 * 1024 * 1024));
        }
    }

    @Test
    void aServerThatGoesAwayIsLoggedOnceAndShownAsLastError() throws Exception {
        String db = TestMongo.uniqueDb("away");
        AlertManager alerts = new AlertManager(clock, new InMemoryAlertStore(), AlertPolicy.DEFAULT, sent::add);
        try (EmbeddedMongo own = EmbeddedMongo.startInMemory();
                LogCapture log = new LogCapture();
                MongoClient client = countingClient(own.uri(), null, 300);
                SampleStore store = SampleStore.open(dir.resolve("state"));
                Monitor monitor = Monitor.start(client, settings(db, null), store, alerts, clock, null)) {
            monitor.sampleOnce();
            own.close(); // the server goes away, open connections included
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofMinutes(1));
                monitor.sampleOnce();
            }
            SamplerStatus conn = monitor.status().get(0);
            assertThat(conn.name()).isEqualTo("connections");
            assertThat(conn.capability().state()).isEqualTo(Capability.State.AVAILABLE); // a passing failure is no verdict
            assertThat(conn.lastError()).isNotBlank();
            assertThat(conn.lastErrorAt()).isEqualTo(clock.instant());
            assertThat(count(log.text(), "connections failed")).isEqualTo(1);
            assertThat(count(log.text(), "WARN")).isEqualTo(1);
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
