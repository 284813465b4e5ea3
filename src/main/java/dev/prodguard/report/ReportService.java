package dev.prodguard.report;

import com.mongodb.client.MongoClient;
import dev.prodguard.checklist.Maintenance;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.cost.CostReport;
import dev.prodguard.monitor.MonitorSettings;
import dev.prodguard.monitor.SampleStore;
import dev.prodguard.monitor.SeriesPoint;
import dev.prodguard.report.GrowthFit.Point;
import dev.prodguard.report.Report.Source;
import dev.prodguard.repo.Repository;
import dev.prodguard.roles.PasswordAges;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.status.Capacity;
import dev.prodguard.status.StatusReport;
import dev.prodguard.status.StatusService;
import dev.prodguard.verify.RestoreTestRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Builds one maintenance {@link Report} for a {@link Period}, the one service behind {@code prodguard report} and the
 * guardian's scheduled reports: the monitoring history for sizes, slow operations, connections and the capacity
 * advisor; the server for indexes, collections and users ({@link ServerFacts}); the repository for backup health
 * and transfer. Any part may be missing (no client, no repository): its section says so. Reads only.
 */
public final class ReportService {
    /** The shortest history the capacity advisor fits on, whatever the period. */
    static final Duration FIT_WINDOW = Duration.ofDays(30);
    private static final int SPARK_POINTS = 60;

    private final Settings settings;
    private final SampleStore samples;
    private final Repository repo;
    private final MongoClient client;
    private final Clock clock;

    /** {@code repo} and {@code client} may be null (their sections then say why they are missing). */
    public ReportService(Settings settings, SampleStore samples, Repository repo, MongoClient client, Clock clock) {
        this.settings = settings;
        this.samples = samples;
        this.repo = repo;
        this.client = client;
        this.clock = clock;
    }

    /**
     * The report of {@code period}, ending now.
     *
     * @throws dev.prodguard.error.ProdguardException CONFIG for a bad tier table or PRODGUARD_TIER
     */
    public Report build(Period period) {
        Instant to = clock.instant();
        Instant from = to.minus(period.window());
        String db = settings.dbName();
        TierTable table = TierTable.from(settings);
        Optional<Tier> tier = table.current(settings);
        ServerFacts facts = client == null ? ServerFacts.unreachable(db, "MONGO_URL is not set", from, to)
                : ServerFacts.ask(client, db, from, to);
        StatusReport status = repo == null ? null : new StatusService(repo, stateDir()).report();
        Instant fitFrom = to.minus(period.window().compareTo(FIT_WINDOW) > 0 ? period.window() : FIT_WINDOW);
        CapacityAdvice capacity = CapacityAdvisor.advise(table, tier, CapacityHistory.storage(samples, fitFrom, to),
                CapacityHistory.connections(samples, fitFrom, to), CapacityHistory.operations(samples, fitFrom, to), to);
        return new Report(Report.FORMAT, period.wireName(), to, from, to, db, tier.map(Tier::name).orElse(null),
                growth(from, to), slowOps(facts, from, to), connections(tier, from, to), indexes(facts),
                collections(facts, from, to), users(facts, to), backup(status, from, to), maintenance(period), capacity,
                transfer(status, tier, facts, to));
    }

    private Path stateDir() {
        return settings.path(ConfigKey.STATE_DIR);
    }

    private Report.Growth growth(Instant from, Instant to) {
        List<Point> database = CapacityHistory.points(samples.series("storage.used_bytes", "", from, to), false);
        List<Report.CollectionGrowth> rows = new ArrayList<>();
        for (String c : samples.subjects("collection.size_bytes")) {
            if (!dev.prodguard.connect.UserData.isUserCollection(c)) {
                continue; // prodguard's own (prodguard_heartbeat): not the user's data
            }
            List<SeriesPoint> size = samples.series("collection.size_bytes", c, from, to);
            if (size.isEmpty()) {
                continue; // not measured in this window (dropped before it)
            }
            rows.add(new Report.CollectionGrowth(c, (long) last(samples.series("collection.count", c, from, to)),
                    (long) size.get(size.size() - 1).value(), (long) size.get(0).value(),
                    (long) last(samples.series("collection.storage_bytes", c, from, to)),
                    (long) last(samples.series("collection.index_bytes", c, from, to)),
                    thin(CapacityHistory.points(size, false))));
        }
        rows.sort(Comparator.comparingLong(Report.CollectionGrowth::sizeBytes).reversed());
        String what = "the guardian's monitoring history: storage.used_bytes (dbStats or atlasSize, every 5 minutes) and"
                + " collection.* ($collStats or collStats, every 15 minutes)";
        Source s = database.isEmpty() && rows.isEmpty() ? Source.missing(what, from, to, "no size samples in this window:"
                + " the guardian ('prodguard run') takes them") : Source.of(what, from, to);
        long now = database.isEmpty() ? 0 : (long) database.get(database.size() - 1).value();
        long start = database.isEmpty() ? 0 : (long) database.get(0).value();
        return new Report.Growth(s, thin(database), now, start, rows);
    }

    private Report.SlowOps slowOps(ServerFacts facts, Instant from, Instant to) {
        long slowMs = MonitorSettings.from(settings).slowOpMs();
        List<SlowShapes.Shape> shapes = facts.profiler.available() ? SlowShapes.of(facts.profile, slowMs, 20) : List.of();
        List<SeriesPoint> count = samples.series("slowops.count", "", from, to);
        long seen = Math.round(count.stream().mapToDouble(p -> p.value() * p.count()).sum());
        long slowest = Math.round(samples.series("slowops.max_ms", "", from, to).stream().mapToDouble(SeriesPoint::max)
                .max().orElse(0));
        String what = "the guardian's monitor: slowops.count and slowops.max_ms (operations running at least " + slowMs
                + " ms at a sample, from currentOp, or finished ones from the profiler)";
        Source monitor = count.isEmpty() ? Source.missing(what, from, to, "no slow-operation samples in this window: the"
                + " guardian's monitor could not read currentOp or the profiler here, or did not run") : Source.of(what, from, to);
        return new Report.SlowOps(facts.profiler, shapes, monitor, seen, slowest, peaks(CapacityHistory.points(count, true)));
    }

    private Report.Connections connections(Optional<Tier> tier, Instant from, Instant to) {
        List<Point> series = CapacityHistory.points(samples.series("connections.current", "", from, to), true);
        String what = "the guardian's monitor: connections.current and connections.limit (serverStatus.connections)";
        if (series.isEmpty()) {
            return new Report.Connections(Source.missing(what, from, to, "no connection samples in this window"), null,
                    null, null, List.of());
        }
        double peak = series.stream().mapToDouble(Point::value).max().orElse(0);
        Double limit = samples.latest("connections.limit", "").map(s -> s.value())
                .orElse(tier.map(t -> (double) t.connections()).orElse(null));
        return new Report.Connections(Source.of(what, from, to), peak, limit, limit == null ? null : peak / limit,
                peaks(series));
    }

    private static Report.Indexes indexes(ServerFacts facts) {
        return new Report.Indexes(facts.listIndexes, IndexReview.prefixRedundant(facts.indexes), facts.indexStats,
                facts.unused, facts.profiler, facts.profiler.available() ? IndexReview.collectionScans(facts.profile) : List.of());
    }

    private Report.Collections collections(ServerFacts facts, Instant from, Instant to) {
        List<String> empty = new ArrayList<>();
        List<Report.UnusedCollection> unused = new ArrayList<>();
        for (int i = 0; i < facts.collections.size(); i++) {
            String c = facts.collections.get(i);
            if (facts.counts.get(i) == 0) {
                empty.add(c);
            }
            Long ops = facts.opsByCollection.get(c);
            List<SeriesPoint> counts = samples.series("collection.count", c, from, to);
            boolean steady = counts.size() >= 2 && counts.stream().mapToDouble(SeriesPoint::max).max().getAsDouble()
                    == counts.stream().mapToDouble(SeriesPoint::min).min().getAsDouble();
            if (ops != null && ops == 0 && steady) {
                unused.add(new Report.UnusedCollection(c, "no index access counted since " + Words.instant(
                        facts.indexStats.windowFrom()) + " and its document count stayed at " + Words.number(counts.get(0)
                        .value()) + " over the window"));
            }
        }
        String what = "the collections of " + facts.db + " (listCollections, estimated counts) at " + Words.instant(to)
                + "; unused: $indexStats and the collection.count history";
        Source s = facts.listIndexes.available() ? Source.of(what, from, to) : Source.missing(what, from, to,
                facts.listIndexes.unavailable());
        if (s.available() && !facts.indexStats.available()) {
            s = new Source(what + " (unused collections need $indexStats, which is " + facts.indexStats.unavailable() + ")",
                    from, to, null);
        }
        return new Report.Collections(s, empty, unused);
    }

    private Report.Users users(ServerFacts facts, Instant to) {
        List<Report.PasswordAge> ages = PasswordAges.of(settings, clock).all().stream()
                .map(a -> new Report.PasswordAge(a.user(), a.passwordSetAt(), a.days(), a.overdue())).toList();
        String what = PasswordAges.FILE_NAME + " in PRODGUARD_STATE_DIR: only password changes made with 'prodguard roles"
                + " apply' or 'roles rotate', against the " + PasswordAges.ROTATION_PERIOD.toDays() + "-day rotation";
        Source agesSource = ages.isEmpty() ? Source.missing(what, null, to, "no password change recorded yet: ages are"
                + " shown only for changes prodguard made, never guessed") : Source.of(what, null, to);
        return new Report.Users(facts.usersInfo, facts.users, agesSource, ages);
    }

    private Report.Backup backup(StatusReport st, Instant from, Instant to) {
        String what = "the backup repository's manifests and records" + (repo == null ? "" : " (" + repo.location() + ")");
        if (st == null) {
            return new Report.Backup(Source.missing(what, from, to, "no repository at PRODGUARD_REPO"), 0, 0, null, null,
                    List.of(), 0, null, null, null, 0, 0, List.of(), null);
        }
        List<SnapshotManifest> all = st.snapshots().stream().filter(m -> m.db().equals(settings.dbName())).toList();
        int inWindow = (int) all.stream().filter(m -> !m.finished().isBefore(from)).count();
        SnapshotManifest newest = all.isEmpty() ? null : all.get(all.size() - 1);
        List<Report.Window> windows = new ArrayList<>();
        int gaps = 0;
        for (var w : st.restorable()) {
            if (!settings.dbName().equals(w.db()) || w.kind().equals("snapshot") || w.kind().equals("safety snapshot")
                    || endsBefore(w.to(), from)) {
                continue;
            }
            windows.add(new Report.Window(w.kind(), w.from(), w.to()));
            gaps += w.kind().equals("gap") ? 1 : 0;
        }
        long stored = 0;
        long atStart = 0;
        List<Point> history = new ArrayList<>();
        for (SnapshotManifest m : st.snapshots()) {
            stored += m.storedBytes();
            if (m.finished().isBefore(from)) {
                atStart = stored;
            } else {
                history.add(new Point(m.finished(), stored));
            }
        }
        RestoreTestRecord t = st.lastRestoreTest();
        String space = null;
        try {
            Capacity c = new StatusService(repo, stateDir()).capacity();
            space = c.known() ? Words.size(c.usableBytes()) + " free of " + Words.size(c.totalBytes()) : null;
        } catch (RuntimeException e) {
            space = null; // object storage does not tell
        }
        return new Report.Backup(Source.of(what + "; sizes are the snapshots' stored (compressed) bytes", from, to), inWindow,
                all.size(), newest == null ? null : newest.id(), newest == null ? null : newest.finished(), windows, gaps,
                t == null ? null : t.outcome(), t == null ? null : t.at(), t == null ? null : t.ok(), stored, atStart,
                thin(history), space);
    }

    private static List<Report.Task> maintenance(Period period) {
        List<Report.Task> out = new ArrayList<>();
        for (Maintenance.Item i : Maintenance.ITEMS) {
            if (Period.valueOf(i.period().toUpperCase(java.util.Locale.ROOT)).ordinal() <= period.ordinal()) {
                out.add(new Report.Task(i.period(), i.title(), i.needsPerson(), i.whatToDo()));
            }
        }
        return out;
    }

    private Report.Transfer transfer(StatusReport st, Optional<Tier> tier, ServerFacts facts, Instant to) {
        Instant weekAgo = to.minus(Duration.ofDays(7));
        String what = "the repository (snapshots finished and segments committed in the last 7 days, raw BSON)"
                + (facts.network.available() ? " and " + facts.network.from() : "");
        Source s = st == null ? Source.missing(what, weekAgo, to, "no repository at PRODGUARD_REPO") : Source.of(what, weekAgo, to);
        long read = 0;
        long snapshots = 0;
        long newest = 0;
        if (st != null) {
            read = CostReport.of(repo, st.snapshots(), stateDir(), to, 0).readLast7Days();
            for (SnapshotManifest m : st.snapshots()) {
                if (!m.finished().isBefore(weekAgo)) {
                    snapshots += m.rawBytes();
                }
                if (m.db().equals(settings.dbName())) {
                    newest = m.rawBytes();
                }
            }
        }
        long cap;
        String capFrom;
        if (tier.isPresent()) {
            cap = tier.get().transferGbPer7Days() * 1024L * 1024 * 1024;
            capFrom = "tier " + tier.get().name();
        } else {
            cap = settings.longValue(ConfigKey.TRANSFER_BUDGET_MB) * 1024L * 1024;
            capFrom = "PRODGUARD_TRANSFER_BUDGET_MB";
        }
        return TransferAdvisor.advise(s, cap, capFrom, read, Math.min(snapshots, read), newest, facts.networkBytesPer7Days,
                settings.intValue(ConfigKey.TRANSFER_SHARE_PCT));
    }

    private static boolean endsBefore(String isoInstant, Instant from) {
        try {
            return Instant.parse(isoInstant).isBefore(from);
        } catch (RuntimeException e) {
            return false; // not an instant: keep the window rather than hide it
        }
    }

    private static double last(List<SeriesPoint> s) {
        return s.isEmpty() ? 0 : s.get(s.size() - 1).value();
    }

    /** At most {@link #SPARK_POINTS} points for a chart, each the highest of its stretch (a spike stays visible). */
    static List<Point> peaks(List<Point> points) {
        if (points.size() <= SPARK_POINTS) {
            return points;
        }
        List<Point> out = new ArrayList<>();
        double per = points.size() / (double) SPARK_POINTS;
        for (int i = 0; i < SPARK_POINTS; i++) {
            List<Point> part = points.subList((int) Math.floor(i * per), (int) Math.min(points.size(), Math.floor((i + 1) * per)));
            Point top = part.get(0);
            for (Point p : part) {
                top = p.value() > top.value() ? p : top;
            }
            out.add(new Point(part.get(part.size() - 1).at(), top.value()));
        }
        return out;
    }

    /** At most {@link #SPARK_POINTS} points for a chart, evenly picked, the last one kept. */
    static List<Point> thin(List<Point> points) {
        if (points.size() <= SPARK_POINTS) {
            return points;
        }
        List<Point> out = new ArrayList<>();
        double step = (points.size() - 1) / (double) (SPARK_POINTS - 1);
        for (int i = 0; i < SPARK_POINTS; i++) {
            out.add(points.get((int) Math.round(i * step)));
        }
        return out;
    }
}
