package dev.prodguard.demo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertStore;
import dev.prodguard.alert.WipeAlert;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.connect.Clients;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.gate.ServerFingerprint;
import dev.prodguard.gate.ServerIdentity;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.PointInTimePlanner;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.snapshot.SnapshotService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * {@code prodguard demo wipe}: drops the running demo's database the way a preview reset does. It
 * only ever targets the demo named by the demo folder's state file (never MONGO_URL): a live demo
 * process, its loopback port, the demo database name, and a server that identifies as prodguard's
 * embedded database. The demo's traffic is paused first so that no transfer is left half-written.
 */
public final class DemoWipe {
    /** How long the running demo gets to pause its traffic. */
    public static final Duration PAUSE_WAIT = Duration.ofSeconds(10);

    /** What the wipe did: the demo, transfers committed before it, the collections dropped, when. */
    public record Result(DemoState demo, int transfersBefore, List<String> dropped, Instant at) {}

    private DemoWipe() {}

    /**
     * Wipes the demo running from {@code dir}.
     *
     * @throws ProdguardException REFUSED when no demo is running there or its database is not the demo's
     *     embedded one
     */
    public static Result run(Path dir) {
        return run(dir, () -> {});
    }

    /** As {@link #run(Path)}, calling {@code afterPause} once the traffic has paused, just before the drop. */
    public static Result run(Path dir, Runnable afterPause) {
        DemoState demo = DemoState.readRunning(dir);
        if (!DemoStory.DB.equals(demo.db())) {
            throw ProdguardException.refused("the demo state names database '" + demo.db() + "', not the demo's "
                    + DemoStory.DB + "; refusing to drop anything");
        }
        MongoTarget target = MongoTarget.parse(demo.mongoUri(), DemoState.FILE_NAME);
        try (MongoClient client = Clients.create(target, 3000)) {
            ServerIdentity id;
            try {
                id = ServerFingerprint.probe(client);
            } catch (MongoException e) {
                throw ProdguardException.refused("the demo's database at " + demo.mongoUri() + " does not answer ("
                        + e.getMessage().lines().findFirst().orElse("") + "); is './prodguard demo --keep' still running?");
            }
            if (!id.embedded()) {
                throw ProdguardException.refused(demo.mongoUri() + " is not prodguard's embedded demo database ("
                        + id.evidence() + "); demo wipe only drops the demo's own database");
            }
            int before = pauseTraffic(dir, PAUSE_WAIT);
            afterPause.run();
            List<String> collections = new ArrayList<>();
            client.getDatabase(demo.db()).listCollectionNames().into(collections);
            // what the user loses: prodguard's own scratch collections (capture's heartbeat) go too, but hold no data
            collections.removeIf(c -> c.startsWith("system.") || SnapshotService.EXCLUDED.contains(c));
            Instant at = Instant.now();
            client.getDatabase(demo.db()).drop();
            return new Result(demo, before, collections.stream().sorted().toList(), at);
        }
    }

    /** Asks the running demo to pause its traffic and waits for the answer; returns the transfers committed. */
    static int pauseTraffic(Path dir, Duration wait) {
        Path request = dir.resolve(DemoTraffic.PAUSE_FILE);
        Path answer = dir.resolve(DemoTraffic.PAUSED_FILE);
        try {
            Files.deleteIfExists(answer);
            Files.writeString(request, Instant.now().toString());
            Instant deadline = Instant.now().plus(wait);
            while (true) {
                // the traffic replaces its answer in one step; an older demo (or another writer) may still be
                // caught between creating the file and writing its number, so only a whole number is an answer
                OptionalInt transfers = readCount(answer);
                if (transfers.isPresent()) {
                    return transfers.getAsInt();
                }
                if (Instant.now().isAfter(deadline)) {
                    throw ProdguardException.refused("the running demo did not pause its traffic within "
                            + wait.toSeconds() + " s; is './prodguard demo --keep' still running from " + dir + "?");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot talk to the running demo through " + dir + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProdguardException(ErrorCode.INTERRUPTED, "interrupted while the demo paused its traffic");
        }
    }

    /** The number in the traffic's answer; empty while there is none, or none whole yet. */
    private static OptionalInt readCount(Path answer) throws IOException {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(answer).trim()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Waits up to {@code wait} for the guardian's wipe alert opened at or after {@code since}, reading
     * the alert history from {@code store}; empty when none appeared.
     */
    public static Optional<Alert> awaitAlert(Supplier<List<Alert>> history, Instant since, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            for (Alert a : history.get()) {
                if (a.ruleId().equals(WipeAlert.RULE) && !a.openedAt().isBefore(since.minusSeconds(1))) {
                    return Optional.of(a);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                return Optional.empty();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /**
     * Waits up to {@code wait} until the captured history covers the instant just before the last drop,
     * i.e. until {@code restore --to before-last-drop} can plan. Capture positions have one-second
     * cluster times, so the drop's second counts as covered only once a later change (the heartbeat)
     * is committed. Returns the planning error when it never could ({@code null}: restorable).
     */
    public static ProdguardException awaitRestorable(Repository repo, String db, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        RestoreRequest request = new RestoreRequest(db, List.of(), List.of(), true);
        while (true) {
            try {
                PointInTimePlanner.plan(repo, db, RestorePoint.parse("before-last-drop", Clock.systemUTC()), request,
                        Clock.systemUTC());
                return null;
            } catch (ProdguardException e) {
                if (e.code() != ErrorCode.REFUSED || Instant.now().isAfter(deadline)) {
                    return e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ProdguardException(ErrorCode.INTERRUPTED, "interrupted while waiting for capture");
            }
        }
    }

    /** The alert history of a store, newest first (for {@link #awaitAlert}). */
    public static Supplier<List<Alert>> historyOf(AlertStore store) {
        return () -> store.history(20);
    }
}
