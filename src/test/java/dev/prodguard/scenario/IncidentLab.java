package dev.prodguard.scenario;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.prodguard.alert.WebhookReceiver;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.CaptureTimeline;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.guardian.CaptureTask;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.guardian.GuardianHealth;
import dev.prodguard.testing.CliRun;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * What a person has after an incident: a real embedded server (restartable on its port, or replaced by
 * an empty one), the real guardian with capture and wipe detection, a real webhook receiver, and the
 * CLI run in-process with the same environment the guardian has. Scenario tests replay what people do
 * (a wipe, {@code doctor}, the alert's own command) and compare the database with what it held before.
 */
final class IncidentLab implements AutoCloseable {
    static final String DB = "coinhubx_production";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final WebhookReceiver hook;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, String> extra;
    private EmbeddedMongo server;
    private MongoClient client;
    private Guardian guardian;
    private int port;

    IncidentLab(Path dir, Map<String, String> extra) throws IOException {
        this.dir = dir;
        this.extra = extra;
        this.hook = new WebhookReceiver();
        this.server = EmbeddedMongo.startInMemory();
        this.port = server.port();
        this.client = MongoClients.create(uri() + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000");
    }

    String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** The environment the guardian runs with, and with which the person types commands. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", uri(), "DB_NAME", DB,
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_WEBHOOK_URL", hook.url("/hook"), "PRODGUARD_CONNECT_TIMEOUT_MS", "1500",
                "PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "200", "PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "300",
                "PRODGUARD_CAPTURE_STOPPED_AFTER_S", "2"));
        env.putAll(extra);
        return env;
    }

    MongoDatabase db() {
        return client.getDatabase(DB);
    }

    MongoClient client() {
        return client;
    }

    Guardian guardian() {
        return guardian;
    }

    /** An exchange-shaped database: users, wallets with a unique index on (user, asset), a ledger. */
    void seed() {
        MongoDatabase d = db();
        List<Document> users = new ArrayList<>();
        List<Document> wallets = new ArrayList<>();
        List<Document> ledger = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            users.add(new Document("_id", "u" + i).append("email", "user" + i + "@example.test"));
            for (String asset : List.of("BTC", "GBP")) {
                wallets.add(new Document("_id", "w" + i + asset).append("user", "u" + i).append("asset", asset)
                        .append("balance", new Decimal128(new BigDecimal(i + ".5"))));
            }
            ledger.add(new Document("_id", "l" + i).append("user", "u" + i).append("amount", i));
        }
        d.getCollection("users").insertMany(users);
        d.getCollection("wallets").insertMany(wallets);
        d.getCollection("wallets").createIndex(Indexes.ascending("user", "asset"),
                new IndexOptions().unique(true).name("user_asset_unique"));
        d.getCollection("ledger").insertMany(ledger);
        d.getCollection("ledger").createIndex(Indexes.ascending("user"), new IndexOptions().name("by_user"));
    }

    /** Starts the guardian (capture task included) and waits until the database is protected. */
    Guardian startGuardian() {
        Settings s = new SettingsLoader(env(), dir, dir).load();
        guardian = Guardian.start(s, Clock.systemUTC(), ticker, Guardian.jobPool(), List.of(CaptureTask.from(s)));
        await().atMost(Duration.ofSeconds(30)).until(() -> CaptureHistory.load(guardian.repository(), DB).currentRunHasSnapshot()
                && guardian.health().tasks().stream().allMatch(GuardianHealth.TaskState::healthy));
        awaitCovered(Instant.now());
        return guardian;
    }

    /** Waits until capture has committed every change up to {@code t}. */
    void awaitCovered(Instant t) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            CaptureTimeline.Run r = CaptureHistory.load(guardian.repository(), DB).currentRun();
            return r != null && !r.coveredUntil().isBefore(t);
        });
    }

    /**
     * Waits until the captured history records that {@code collection} has an index named {@code index}: an
     * index-change event from the server, or capture's own listing on a server that does not report them.
     */
    void awaitIndexRecorded(String collection, String index) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (dev.prodguard.capture.SegmentManifest m : dev.prodguard.capture.SegmentReader.list(guardian.repository(), DB)) {
                for (dev.prodguard.capture.ChangeEvent e : dev.prodguard.capture.SegmentReader.events(guardian.repository(), m)) {
                    List<org.bson.BsonDocument> specs = e instanceof dev.prodguard.capture.ChangeEvent.ObservedIndexes o ? o.indexes()
                            : e instanceof dev.prodguard.capture.ChangeEvent.CreateIndexes c ? c.indexes() : List.of();
                    if (collection.equals(e.meta().ns() == null ? null : e.meta().ns().coll())
                            && specs.stream().anyMatch(i -> index.equals(i.getString("name").getValue()))) {
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /** Runs a prodguard command the way the person types it, with the guardian's environment. */
    CliRun cli(String... args) {
        return CliRun.run(env(), dir, args);
    }

    /**
     * Runs a command line as an alert printed it: the leading launcher ({@code prodguard} or a path to it)
     * and any leading {@code NAME=value} assignments are what the shell handles; the rest are the arguments.
     */
    CliRun runPrinted(String commandLine, String... more) {
        List<String> words = new ArrayList<>(Arrays.asList(commandLine.trim().split("\\s+")));
        Map<String, String> env = env();
        while (!words.isEmpty() && words.get(0).matches("[A-Z_][A-Z0-9_]*=.*")) {
            String w = words.remove(0);
            env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
        }
        if (words.isEmpty() || !words.get(0).endsWith("prodguard")) {
            throw new AssertionError("not a prodguard command line: " + commandLine);
        }
        words.remove(0);
        words.addAll(Arrays.asList(more));
        return CliRun.run(env, dir, words.toArray(String[]::new));
    }

    /** The database as a person compares it: every user collection's documents and index specifications. */
    Map<String, Object> state(String db) {
        Map<String, Object> out = new TreeMap<>();
        MongoDatabase d = client.getDatabase(db);
        for (String c : d.listCollectionNames()) {
            if (c.startsWith("prodguard_") || c.startsWith("system.")) {
                continue;
            }
            List<Document> docs = d.getCollection(c).find().sort(new Document("_id", 1)).into(new ArrayList<>());
            out.put(c + " documents", docs);
            out.put(c + " indexes", dev.prodguard.testing.DatabaseState.indexes(d, c));
        }
        return out;
    }

    /** Every webhook notification received so far, as JSON. */
    List<JsonNode> notifications() {
        List<JsonNode> out = new ArrayList<>();
        for (WebhookReceiver.Request r : hook.requests()) {
            try {
                out.add(JSON.readTree(r.body()));
            } catch (IOException e) {
                throw new AssertionError("webhook body is not JSON: " + r.body(), e);
            }
        }
        return out;
    }

    /** The wipe notifications received so far, in order. */
    List<JsonNode> wipeNotifications() {
        return notifications().stream().filter(n -> n.at("/alert/rule").asText().equals("wipe-detected")).toList();
    }

    /** Waits for the {@code n}-th wipe notification that opened an alert and returns it. */
    JsonNode awaitWipeAlert(int n, Duration within) {
        await().atMost(within).until(() -> wipeNotifications().stream().filter(w -> w.at("/event").asText().equals("opened"))
                .count() >= n);
        return wipeNotifications().stream().filter(w -> w.at("/event").asText().equals("opened")).toList().get(n - 1);
    }

    /** Stops the server and starts an empty one on the same port (a preview reset, a lost volume). */
    void replaceServerWithAnEmptyOne() {
        server.close();
        server = EmbeddedMongo.start(port, null);
    }

    /** Stops the server (the database goes away). */
    void stopServer() {
        server.close();
    }

    @Override
    public void close() {
        try {
            if (guardian != null) {
                guardian.close();
            }
        } finally {
            ticker.shutdownNow();
            client.close();
            server.close();
            hook.close();
            Secrets.clearForTests();
        }
    }
}
