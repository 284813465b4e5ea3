package dev.prodguard.demo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.cli.CliContext;
import dev.prodguard.cli.GuardianProcess;
import dev.prodguard.config.Settings;
import dev.prodguard.dataset.BooksCheck;
import dev.prodguard.dataset.DatasetSummary;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.dataset.Transfers;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.guardian.GuardianHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A running demo: the embedded database with the seeded exchange, live traffic, and the guardian
 * (capture, wipe detection, snapshots, monitoring, alerts, /health and /metrics) against it. Writes
 * the demo folder's {@code prodguard.yml}, {@code .env} and state file so that commands from a second
 * terminal find it. It never reads the user's MONGO_URL: its settings come from the demo folder only.
 */
public final class DemoRuntime implements AutoCloseable {
    /** Transfers a second written by the traffic simulator. */
    public static final int TRAFFIC_PER_SECOND = 4;
    /** How long the demo waits for capture's first snapshot before it gives up. */
    private static final Duration FIRST_SNAPSHOT_WAIT = Duration.ofSeconds(90);

    private final Path dir;
    private final EmbeddedMongo server;
    private final MongoClient client;
    private final Map<String, String> env;
    private final Settings settings;
    private final DatasetSummary seeded;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private DemoTraffic traffic;
    private GuardianProcess guardian;
    private DemoState state;

    private DemoRuntime(Path dir, EmbeddedMongo server, MongoClient client, Map<String, String> env, Settings settings,
            DatasetSummary seeded) {
        this.dir = dir;
        this.server = server;
        this.client = client;
        this.env = env;
        this.settings = settings;
        this.seeded = seeded;
    }

    /**
     * Starts a fresh demo from {@code dir}: clears the previous run's repository and state, starts the
     * embedded database (in memory, or the H2 {@code dataFile}), seeds {@code users} users when the
     * exchange is empty, starts the traffic and the guardian. {@code say} receives progress lines.
     *
     * @throws ProdguardException LOCKED when a demo already runs from {@code dir}; STORAGE when the folder is not writable
     */
    public static DemoRuntime start(CliContext ctx, Path dir, int users, Path dataFile, Consumer<String> say) {
        refuseIfRunning(dir);
        prepareFolder(dir);
        quietEmbeddedServer();
        EmbeddedMongo server = EmbeddedMongo.start(0, dataFile);
        MongoClient client = null;
        try {
            client = MongoClients.create(server.uri());
            MongoDatabase db = client.getDatabase(DemoStory.DB);
            DatasetSummary seeded = null;
            if (db.getCollection(ExchangeDataset.WALLETS).estimatedDocumentCount() == 0) {
                seeded = new ExchangeDataset(42, users).writeTo(db);
                server.commit();
            }
            Map<String, String> env = demoEnv(server, dir);
            writeConfig(dir, env);
            Settings settings = new CliContext(env, dir, ctx.home(), ctx.out(), ctx.err(), ctx.clock(), false).settings();
            DemoRuntime rt = new DemoRuntime(dir, server, client, env, settings, seeded);
            try {
                rt.startGuarding(ctx, say);
            } catch (RuntimeException e) {
                rt.close();
                throw e;
            }
            return rt;
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            server.close();
            throw e;
        }
    }

    private void startGuarding(CliContext ctx, Consumer<String> say) {
        traffic = new DemoTraffic(client.getDatabase(DemoStory.DB), dir, ctx.clock(), TRAFFIC_PER_SECOND, say).start();
        // the guardian exactly as 'prodguard run' wires it: its capture task takes the first snapshot itself
        // (the guardian and the demo take none) and its WipeWatch raises the wipe alert; the API token is in the
        // demo's state folder (0600)
        guardian = GuardianProcess.start(settings, ctx.clock(), new DemoDashboard(this));
        parts.add(guardian);
        awaitFirstSnapshot(say);
        state = new DemoState(ProcessHandle.current().pid(), server.port(), DemoStory.DB, dir.resolve("repo"),
                dir.resolve("state"), guardian.port(), ctx.clock().instant());
        state.write(dir);
    }

    /**
     * Waits (bounded) until capture's first snapshot is anchored in the captured history, so that a wipe
     * from a second terminal always has a restore point before it. Capture takes that snapshot; this only
     * watches the repository for it.
     */
    private void awaitFirstSnapshot(Consumer<String> say) {
        say.accept("guardian: capture is taking the first snapshot of " + DemoStory.DB + " ...");
        Instant deadline = Instant.now().plus(FIRST_SNAPSHOT_WAIT);
        while (!CaptureHistory.load(guardian.guardian().repository(), DemoStory.DB).currentRunHasSnapshot()) {
            if (Instant.now().isAfter(deadline)) {
                String capture = guardian.guardian().health().tasks().stream().map(GuardianHealth.TaskState::state).findFirst()
                        .orElse("not started");
                throw new ProdguardException(ErrorCode.INTERNAL, "the guardian's capture took no first snapshot of "
                        + DemoStory.DB + " within " + FIRST_SNAPSHOT_WAIT.toSeconds() + " s (capture: " + capture
                        + "); run the demo with --verbose to see why");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProdguardException(ErrorCode.INTERRUPTED, "interrupted while capture took its first snapshot");
            }
        }
    }

    /** The embedded server logs every command it lacks (the monitor probes 'profile') at ERROR: noise in a demo. */
    private static void quietEmbeddedServer() {
        if (org.slf4j.LoggerFactory.getLogger("de.bwaldvogel.mongo.backend") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    private static void refuseIfRunning(Path dir) {
        if (Files.isRegularFile(dir.resolve(DemoState.FILE_NAME))) {
            try {
                DemoState s = DemoState.readRunning(dir);
                throw new ProdguardException(ErrorCode.LOCKED, "a demo is already running from " + dir + " (process " + s.pid()
                        + ", database " + s.mongoUri() + "); stop it with Ctrl-C or './prodguard demo stop', or set"
                        + " PRODGUARD_DEMO_DIR to another folder");
            } catch (ProdguardException e) {
                if (e.code() == ErrorCode.LOCKED) {
                    throw e;
                }
                // a stale file from a demo that has ended: start afresh
            }
        }
    }

    /** Creates the folder and removes what a previous run left: its repository, state and control files. */
    private static void prepareFolder(Path dir) {
        try {
            dev.prodguard.config.PrivateFiles.createDirectories(dir);
            deleteTree(dir.resolve("repo"));
            deleteTree(dir.resolve("state"));
            for (String f : List.of(DemoState.FILE_NAME, DemoTraffic.PAUSE_FILE, DemoTraffic.PAUSED_FILE,
                    DemoTraffic.HOLD_FILE, DemoTraffic.HELD_FILE, DemoControl.STOP_FILE)) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot prepare the demo folder " + dir + ": " + e.getMessage()
                    + "; set PRODGUARD_DEMO_DIR to a writable folder");
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static Map<String, String> demoEnv(EmbeddedMongo server, Path dir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONGO_URL", server.uri());
        env.put("DB_NAME", DemoStory.DB);
        env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
        env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "10000"); // the embedded server is slow under load
        env.put("PRODGUARD_HTTP_PORT", "0");
        env.put("PRODGUARD_TIER", "M0"); // the guide starts on Atlas's free tier: the report's advisor dates its limits
        // a demo shows the wipe alert soon after the drop: the alert waits for a committed change after the drop
        // (the heartbeat) and for the drop burst to go quiet (one commit interval); both shorter than the defaults
        env.put("PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "250");
        env.put("PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "500");
        return env;
    }

    /** The demo's configuration: prodguard.yml (schedules, monitoring, the books invariant) and .env (the target). */
    private static void writeConfig(Path dir, Map<String, String> env) {
        StringBuilder dotEnv = new StringBuilder("# written by 'prodguard demo' for this run: the demo's own embedded database\n");
        env.forEach((k, v) -> dotEnv.append(k).append('=').append(v).append('\n'));
        String yml = "# written by 'prodguard demo': the demo guardian's configuration (the target is in .env)\n"
                + "schedule:\n  snapshot: \"every 15m\"\n"
                + "monitor:\n  interval_seconds: 10\n"
                + BooksCheck.INVARIANTS_YAML;
        try {
            Files.writeString(dir.resolve(".env"), dotEnv.toString());
            Files.writeString(dir.resolve("prodguard.yml"), yml);
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write the demo folder " + dir + ": " + e.getMessage()
                    + "; set PRODGUARD_DEMO_DIR to a writable folder");
        }
    }

    /** The demo's database (for the story's own reads). */
    public MongoDatabase database() {
        return client.getDatabase(DemoStory.DB);
    }

    /** The environment a prodguard command needs to work on the demo (no user variables). */
    public Map<String, String> env() {
        return env;
    }

    /** The demo's sealed settings. */
    public Settings settings() {
        return settings;
    }

    /** The embedded server. */
    public EmbeddedMongo server() {
        return server;
    }

    /** What was seeded, or null when an existing data file was reused. */
    public DatasetSummary seeded() {
        return seeded;
    }

    public DemoTraffic traffic() {
        return traffic;
    }

    /** The guardian process: the guardian, its HTTP port and where its API token is. */
    public GuardianProcess process() {
        return guardian;
    }

    public Path dir() {
        return dir;
    }

    /** When the guardian was up. */
    public Instant startedAt() {
        return state.startedAt();
    }

    /** Stops traffic, the guardian (capture commits), the database; removes the state file. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (traffic != null) {
            traffic.close(); // before the guardian stops, so capture commits every transfer written
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                // closing goes on: every part gets its chance
            }
        }
        client.close();
        server.close();
        DemoState.remove(dir); // last: 'demo stop' waits for it to disappear
        try {
            Files.deleteIfExists(dir.resolve(DemoTraffic.PAUSE_FILE));
            Files.deleteIfExists(dir.resolve(DemoTraffic.PAUSED_FILE));
            Files.deleteIfExists(dir.resolve(DemoTraffic.HOLD_FILE));
            Files.deleteIfExists(dir.resolve(DemoTraffic.HELD_FILE));
            Files.deleteIfExists(dir.resolve(DemoControl.STOP_FILE));
        } catch (IOException ignored) {
            // leftovers are removed by the next run
        }
    }
}
