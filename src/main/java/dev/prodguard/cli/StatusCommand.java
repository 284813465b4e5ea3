package dev.prodguard.cli;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.RestoreWindow;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.LockInfo;
import dev.prodguard.cost.CostReport;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreMarker;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.status.RestoreMarkers;
import dev.prodguard.status.StatusJson;
import dev.prodguard.status.StatusReport;
import dev.prodguard.status.StatusService;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import dev.prodguard.text.Sizes;
import dev.prodguard.verify.RestoreTestRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard status}: the repository, its snapshots, what is restorable, and the last restore test. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Show the repository, its snapshots, what is restorable, and the last restore test.",
            "With MONGO_URL set it also shows the databases a running or stopped restore holds (its "
                    + "marker), with the command that cleans each up."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard status",
            "  prodguard status --json"})
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        try (Repository repo = RepoAccess.repository(ctx, false)) {
            java.nio.file.Path stateDir = ctx.settings().path(ConfigKey.STATE_DIR);
            StatusReport r = new StatusService(repo, stateDir).reportWithCosts(ctx.clock().instant(),
                    ctx.settings().longValue(ConfigKey.TRANSFER_BUDGET_MB)).withRestoreMarkers(restoreMarkers(ctx));
            if (r.costs().overBudgetWarning()) {
                ctx.warn("prodguard read " + Sizes.human(r.costs().readLast7Days()) + " from the database in the last 7 days, "
                        + Math.round(100.0 * r.costs().readLast7Days() / r.costs().budgetBytes()) + "% of the transfer budget;"
                        + " on Atlas M0 (10 GB per 7 days) schedule fewer snapshots (schedule.snapshot) or upgrade the tier");
            }
            if (json) {
                ctx.println(Json.write(StatusJson.of(r)));
            } else {
                text(r).forEach(ctx::println);
            }
        }
        return 0;
    }

    /** The restore markers on MONGO_URL's server, or why they are unknown. */
    private static RestoreMarkers restoreMarkers(CliContext ctx) {
        if (ctx.settings().get(ConfigKey.MONGO_URL).isEmpty()) {
            return RestoreMarkers.unknown("MONGO_URL is not set");
        }
        try (MongoClient client = RepoAccess.client(ctx)) {
            return RestoreMarkers.scan(client, ctx.settings().get(ConfigKey.DB_NAME).orElse(null),
                    RestoreOptions.from(RepoAccess.snapshotOptions(ctx)).lockStaleAfter(), ctx.clock());
        } catch (MongoException | ProdguardException e) {
            return RestoreMarkers.unknown(RestoreMarkers.cannotAsk(e));
        }
    }

    static List<String> text(StatusReport r) {
        List<String> out = new java.util.ArrayList<>();
        List<SnapshotManifest> all = r.snapshots();
        out.add("repository: " + r.location() + (r.encrypted() ? " (encrypted)" : " (not encrypted)"));
        out.add("snapshots:  " + all.size() + ", " + Sizes.human(r.rawBytes()) + " raw, " + Sizes.human(r.storedBytes())
                + " stored");
        if (!all.isEmpty()) {
            SnapshotManifest last = all.get(all.size() - 1);
            out.add("latest:     " + last.id() + " of " + last.db() + " finished " + Instants.human(last.finished()) + ", "
                    + last.documents() + " document(s) in " + last.collectionCount() + " collection(s), "
                    + Durations.millis(last.durationMillis()));
        }
        LockInfo running = r.running();
        if (running != null) {
            out.add("running:    " + running.operation() + " on " + running.host() + " (pid " + running.pid()
                    + ") since " + Instants.human(running.started()));
        }
        r.capture().forEach(c -> capture(c, out));
        markers(r.restoreMarkers(), out);
        out.add("restorable:" + (r.restorable().isEmpty() ? " nothing yet; run 'prodguard backup'" : ""));
        for (RestoreWindow w : r.restorable()) {
            out.add("  " + w.kind() + " " + (w.from().equals(w.to()) ? Instants.humanIso(w.from()) : Instants.humanIso(w.from()) + " .. " + Instants.humanIso(w.to()))
                    + (w.snapshotId() == null ? "" : "  (" + w.snapshotId() + ", " + w.db() + ")"));
        }
        if (r.costs() != null) {
            costs(r.costs(), r.location(), out);
        }
        RestoreTestRecord verify = r.lastRestoreTest();
        out.add(verify == null ? "last restore test: never; run 'prodguard verify --restore'"
                : "last restore test: " + verify.outcome() + " at " + Instants.humanIso(verify.atText()) + " (snapshot "
                        + verify.json().path("snapshotId").asText() + ")");
        return out;
    }

    private static void capture(StatusReport.Capture c, List<String> out) {
        CaptureState s = c.state();
        String running = c.running() != null ? "running on " + c.running().host() + " (pid " + c.running().pid() + ")"
                : "not running";
        out.add("capture:    " + c.db() + ": " + running + (s == null ? "" : ", path " + s.path()
                + (s.state() != null && c.running() != null && !"running".equals(s.state()) ? ", " + s.state()
                + (s.note() == null ? "" : " (" + s.note() + ")") : "")
                + (s.lastCommitAt() == null ? "" : ", last commit " + Instants.human(s.lastCommitAt()))
                + (s.lagMillis() == null ? "" : ", lag " + Durations.millis(s.lagMillis()))));
        if (s != null && s.reason() != null) {
            out.add("            path chosen because " + s.reason());
        }
    }

    private static void markers(RestoreMarkers m, List<String> out) {
        if (m.unknown() != null) {
            out.add("restore markers: unknown (" + m.unknown() + ")");
            return;
        }
        out.add("restore markers:" + (m.found().isEmpty() ? " none (no restore running, none stopped half-way)" : ""));
        for (RestoreMarker.Found f : m.found()) {
            out.add("  " + f.db() + ": " + (f.stale() ? "PARTIAL data of a restore that stopped (" + f.describe()
                    + "); clean up: " + RestoreMarkers.cleanup(f) : "a restore is running (host " + f.host() + ", pid "
                    + f.pid() + ", restoring " + f.source() + ", since " + Instants.human(f.started()) + ")"));
        }
    }

    /** The cost lines: object-storage requests of the last day, database reads against the budget, Object Lock. */
    private static void costs(CostReport c, String location, List<String> out) {
        if (c.lastDay().requests() > 0 || location.startsWith("s3://")) {
            out.add("storage:    " + c.lastDay().requests() + " request(s) in the last 24 h (" + c.lastDay().writes()
                    + " PUT/POST/DELETE, " + c.lastDay().reads() + " GET/HEAD/LIST), " + Sizes.human(c.lastDay().bytesSent())
                    + " sent, " + Sizes.human(c.lastDay().bytesReceived()) + " received (prodguard on this machine)");
        }
        out.add("read from the database: " + Sizes.human(c.readLast7Days()) + " in the last 7 days"
                + (c.budgetBytes() > 0 ? " of a " + Sizes.human(c.budgetBytes()) + " budget (PRODGUARD_TRANSFER_BUDGET_MB)" : ""));
        if (c.lockMode() != null) {
            out.add("object lock: " + c.lockMode() + " per restore point; newest snapshot locked until "
                    + Instants.human(c.newestLockedUntil()) + ", oldest until " + Instants.human(c.oldestLockedUntil()));
        }
    }
}
