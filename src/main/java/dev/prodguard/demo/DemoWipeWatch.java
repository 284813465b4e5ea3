package dev.prodguard.demo;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.WipeAlert;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.guardian.GuardianTask;
import dev.prodguard.repo.Repository;
import dev.prodguard.repo.RepositoryFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * SEAM (issue #6): a stand-in for the guardian's wipe detection, which is being built on branch
 * guardian2. It reads each newly committed capture segment; collection drops (a dropDatabase arrives
 * as one drop per collection) are gathered until a poll finds no new drop, then one
 * {@link WipeAlert} is raised through the guardian's alert manager naming the dropped collections
 * and the restore point just before the first drop. prodguard's own bookkeeping collections
 * ({@code prodguard_*}) are not counted. When guardian2 lands, the demo drops this task.
 */
public final class DemoWipeWatch implements GuardianTask {
    private static final long POLL_MILLIS = 100;

    private final Settings settings;
    private final Supplier<AlertManager> alerts;
    private final Consumer<String> log;
    private final TreeSet<String> pending = new TreeSet<>();
    private volatile boolean stop;
    private volatile String state = "starting";
    private Instant firstDrop;
    private long lastSeq = -1;
    private Repository repo;
    private Thread thread;

    /** @param alerts the guardian's alert manager (null until the guardian has started: drops wait for it) */
    public DemoWipeWatch(Settings settings, Supplier<AlertManager> alerts, Consumer<String> log) {
        this.settings = settings;
        this.alerts = alerts;
        this.log = log;
    }

    @Override
    public String name() {
        return "wipe detection (demo stand-in)";
    }

    @Override
    public void start() {
        repo = RepositoryFactory.open(settings);
        lastSeq = newSegmentIds().stream().mapToLong(DemoWipeWatch::seq).max().orElse(-1);
        thread = new Thread(this::loop, "demo-wipe-watch");
        thread.setDaemon(true);
        thread.start();
        state = "watching";
    }

    private void loop() {
        while (!stop) {
            try {
                pollOnce();
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                state = "error: " + Secrets.scrub(String.valueOf(e.getMessage()));
            }
        }
    }

    /** Reads new segments; raises the alert once a burst of drops is over. */
    void pollOnce() {
        String db = settings.dbName();
        List<SegmentManifest> fresh = new ArrayList<>();
        for (String id : newSegmentIds()) {
            fresh.add(SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, id)));
        }
        int before = pending.size();
        for (SegmentManifest m : fresh) {
            if (m.events() > 0) {
                SegmentReader.read(repo, m, this::see);
            }
            lastSeq = m.seq();
        }
        AlertManager manager = alerts.get();
        if (!pending.isEmpty() && pending.size() == before && manager != null) {
            Instant restorePoint = firstDrop.minusMillis(1);
            manager.raise(WipeAlert.spec(db, List.copyOf(pending), restorePoint));
            pending.clear();
            firstDrop = null;
        }
        state = "watching";
    }

    /** Ids of this database's segments after {@link #lastSeq}, oldest first (a listing: no manifest is read). */
    private List<String> newSegmentIds() {
        String prefix = settings.dbName() + "-";
        List<String> ids = new ArrayList<>();
        for (String id : repo.listManifests(SegmentManifest.KIND)) {
            if (id.startsWith(prefix) && id.length() == prefix.length() + 12 && seq(id) > lastSeq) {
                ids.add(id);
            }
        }
        ids.sort(null);
        return ids;
    }

    private static long seq(String id) {
        return Long.parseLong(id.substring(id.length() - 12));
    }

    private void see(ChangeEvent e) {
        if (!(e instanceof ChangeEvent.Drop || e instanceof ChangeEvent.DropDatabase)) {
            return;
        }
        String coll = e.meta().ns() == null ? null : e.meta().ns().coll();
        if (coll == null || coll.startsWith("prodguard_") || coll.startsWith("system.")) {
            return; // a dropDatabase event follows the per-collection drops that name what was lost
        }
        Instant at = e.meta().wallTime() != null ? e.meta().wallTime() : Instant.ofEpochSecond(e.meta().clusterTime().getTime());
        if (firstDrop == null) {
            firstDrop = at;
        }
        pending.add(coll);
    }

    @Override
    public String state() {
        return state;
    }

    @Override
    public boolean healthy() {
        return thread != null && thread.isAlive();
    }

    @Override
    public void stop() {
        stop = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (repo != null) {
            repo.close();
        }
    }
}
