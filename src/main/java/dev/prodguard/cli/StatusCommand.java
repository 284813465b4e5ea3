package dev.prodguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.pitr.CaptureHistory;
import dev.prodguard.cost.CostReport;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreWindow;
import dev.prodguard.restore.RestoreWindows;
import dev.prodguard.restore.Sizes;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.verify.RestoreTestRecord;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard status}: the repository, its snapshots, what is restorable, and the last restore test. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the repository, its snapshots, what is restorable, and the last 'verify --restore'.",
            "With MONGO_URL set, also the databases a running or stopped restore holds (its marker), with the command"
                + " that cleans each up."})
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = root.ctx();
        try (Repository repo = RepoAccess.repository(ctx, false)) {
            MarkerStatus.Scan markers = MarkerStatus.scan(ctx);
            java.nio.file.Path stateDir = ctx.settings().path(dev.prodguard.config.ConfigKey.STATE_DIR);
            long budgetMb = ctx.settings().longValue(dev.prodguard.config.ConfigKey.TRANSFER_BUDGET_MB);
            if (json) {
                ctx.println(Json.write(report(repo, stateDir, budgetMb, ctx.clock())
                        .set("restoreMarkers", MarkerStatus.json(markers))));
                return 0;
            }
            List<SnapshotManifest> all = new SnapshotCatalog(repo).all();
            List<RestoreWindow> windows = RestoreWindows.of(repo, List.of(RestoreWindows.SNAPSHOTS, CaptureHistory.WINDOWS));
            List<CaptureStatus.Line> capture = CaptureStatus.of(repo);
            JsonNode verify = RestoreTestRecord.newest(repo, stateDir);
            dev.prodguard.repo.LockInfo running = repo.lockInfo("repo");
            ctx.println("repository: " + repo.location() + (repo.encrypted() ? " (encrypted)" : " (not encrypted)"));
            ctx.println("snapshots:  " + all.size() + ", " + Sizes.human(all.stream().mapToLong(SnapshotManifest::rawBytes)
                    .sum()) + " raw, " + Sizes.human(all.stream().mapToLong(SnapshotManifest::storedBytes).sum()) + " stored");
            if (!all.isEmpty()) {
                SnapshotManifest last = all.get(all.size() - 1);
                ctx.println("latest:     " + last.id() + " of " + last.db() + " finished " + last.finishedAt() + ", "
                        + last.documents() + " document(s) in " + last.collectionCount() + " collection(s), "
                        + String.format(java.util.Locale.ROOT, "%.1f s", last.durationMillis() / 1000.0));
            }
            if (running != null) {
                ctx.println("running:    " + running.operation() + " on " + running.host() + " (pid " + running.pid()
                        + ") since " + running.started());
            }
            CaptureStatus.text(capture).forEach(ctx::println);
            MarkerStatus.text(markers).forEach(ctx::println);
            ctx.println("restorable: " + (windows.isEmpty() ? "nothing yet; run 'prodguard backup'" : ""));
            for (RestoreWindow w : windows) {
                ctx.println("  " + w.kind() + " " + (w.from().equals(w.to()) ? w.from() : w.from() + " .. " + w.to())
                        + (w.snapshotId() == null ? "" : "  (" + w.snapshotId() + ", " + w.db() + ")"));
            }
            costs(ctx, CostReport.of(repo, all, stateDir, ctx.clock().instant(), budgetMb), repo);
            if (verify == null) {
                ctx.println("last restore test: never; run 'prodguard verify --restore'");
            } else {
                ctx.println("last restore test: " + (verify.path("nothingToTest").asBoolean() ? "NOTHING TO TEST"
                        : verify.path("ok").asBoolean() ? "PASSED" : "FAILED") + " at "
                        + verify.path("at").asText() + " (snapshot " + verify.path("snapshotId").asText() + ")");
            }
        }
        return 0;
    }

    /**
     * What {@code status --json} prints: the repository, its snapshots, the restorable windows and gaps,
     * capture per database, the last restore test and the running operation (the guardian's /api/status uses it too).
     */
    public static ObjectNode report(Repository repo) throws IOException {
        return report(repo, null);
    }

    /** The cost lines: object-storage requests of the last day, database reads against the budget, Object Lock. */
    private static void costs(CliContext ctx, CostReport c, Repository repo) {
        if (c.lastDay().requests() > 0 || repo.location().startsWith("s3://")) {
            ctx.println("storage:    " + c.lastDay().requests() + " request(s) in the last 24 h (" + c.lastDay().writes()
                    + " PUT/POST/DELETE, " + c.lastDay().reads() + " GET/HEAD/LIST), " + Sizes.human(c.lastDay().bytesSent())
                    + " sent, " + Sizes.human(c.lastDay().bytesReceived()) + " received (prodguard on this machine)");
        }
        ctx.println("read from the database: " + Sizes.human(c.readLast7Days()) + " in the last 7 days"
                + (c.budgetBytes() > 0 ? " of a " + Sizes.human(c.budgetBytes()) + " budget (PRODGUARD_TRANSFER_BUDGET_MB)" : ""));
        if (c.overBudgetWarning()) {
            ctx.warn("prodguard read " + Sizes.human(c.readLast7Days()) + " from the database in the last 7 days, "
                    + Math.round(100.0 * c.readLast7Days() / c.budgetBytes()) + "% of the transfer budget; on Atlas M0"
                    + " (10 GB per 7 days) schedule fewer snapshots (schedule.snapshot) or upgrade the tier");
        }
        if (c.lockMode() != null) {
            ctx.println("object lock: " + c.lockMode() + " per restore point; newest snapshot locked until "
                    + c.newestLockedUntil() + ", oldest until " + c.oldestLockedUntil());
        }
    }

    /** {@code status --json}'s costs object. */
    static ObjectNode costsJson(CostReport c) {
        ObjectNode o = Json.object();
        ObjectNode s = o.putObject("storageLastDay");
        s.put("requests", c.lastDay().requests());
        s.put("writes", c.lastDay().writes());
        s.put("reads", c.lastDay().reads());
        s.put("bytesSent", c.lastDay().bytesSent());
        s.put("bytesReceived", c.lastDay().bytesReceived());
        ObjectNode t = o.putObject("transfer");
        t.put("readLast7Days", c.readLast7Days());
        t.put("budgetBytes", c.budgetBytes());
        t.put("warning", c.overBudgetWarning());
        if (c.lockMode() == null) {
            o.putNull("objectLock");
        } else {
            ObjectNode l = o.putObject("objectLock");
            l.put("period", c.lockMode());
            l.put("newestSnapshotLockedUntil", String.valueOf(c.newestLockedUntil()));
            l.put("oldestSnapshotLockedUntil", String.valueOf(c.oldestLockedUntil()));
        }
        return o;
    }

    /** As {@link #report(Repository)}, the last restore test being the newer of the repository's and {@code stateDir}'s record. */
    static ObjectNode report(Repository repo, java.nio.file.Path stateDir) throws IOException {
        return report(repo, stateDir, Long.parseLong(dev.prodguard.config.ConfigKey.TRANSFER_BUDGET_MB.defaultValue()),
                java.time.Clock.systemUTC());
    }

    /** As {@link #report(Repository, java.nio.file.Path)} with the transfer budget and clock of the settings. */
    static ObjectNode report(Repository repo, java.nio.file.Path stateDir, long budgetMb, java.time.Clock clock)
            throws IOException {
        List<SnapshotManifest> all = new SnapshotCatalog(repo).all();
        List<RestoreWindow> windows = RestoreWindows.of(repo, List.of(RestoreWindows.SNAPSHOTS, CaptureHistory.WINDOWS));
        List<CaptureStatus.Line> capture = CaptureStatus.of(repo);
        JsonNode verify = RestoreTestRecord.newest(repo, stateDir);
        dev.prodguard.repo.LockInfo running = repo.lockInfo("repo");
        ObjectNode o = Json.object();
        o.put("repository", repo.location());
        o.put("encrypted", repo.encrypted());
        o.put("snapshotCount", all.size());
        o.put("rawBytes", all.stream().mapToLong(SnapshotManifest::rawBytes).sum());
        o.put("storedBytes", all.stream().mapToLong(SnapshotManifest::storedBytes).sum());
        ArrayNode snaps = o.putArray("snapshots");
        all.forEach(m -> snaps.add(ListCommand.toJson(m)));
        o.set("restorable", Json.MAPPER.valueToTree(windows));
        o.set("capture", CaptureStatus.json(capture));
        o.set("lastRestoreTest", verify);
        if (running != null) {
            ObjectNode r = o.putObject("running");
            r.put("operation", running.operation());
            r.put("host", running.host());
            r.put("pid", running.pid());
            r.put("since", String.valueOf(running.started()));
            r.put("heartbeat", String.valueOf(running.heartbeat()));
        } else {
            o.putNull("running");
        }
        o.set("costs", costsJson(CostReport.of(repo, all, stateDir, clock.instant(), budgetMb)));
        return o;
    }
}
